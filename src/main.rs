//! The `corpus-explorer` binary: parse the command line, then run a subcommand or the window.

use corpus_explorer::cli::Cli;

fn main() -> std::process::ExitCode {
    let started = std::time::Instant::now();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::from_env();
    let result = match &cli.command {
        Some(command) => corpus_explorer::cli::run(command),
        None => corpus_explorer::ui::run(cli.folder.clone(), started),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("corpus-explorer: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
