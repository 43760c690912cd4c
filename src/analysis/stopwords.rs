//! Stopwords: the function words a frequency list is usually read without. Built-in lists for
//! the languages whose dates the scan reads (those of LexisNexis exports), plus the user's own.
//! Each word goes through the search analyzer, so `für` leaves out the token `fur` the text's
//! `für` became.

use std::collections::HashSet;

use super::terms::TermStore;

/// The built-in lists: a language's name and its words, separated by spaces.
pub const LISTS: [(&str, &str); 8] = [
    (
        "English",
        "a about above after again against all also am an and any are as at be because been \
         before being below between both but by can could did do does doing down during each \
         few for from further had has have having he her here hers herself him himself his how \
         i if in into is it its itself just me more most my myself no nor not now of off on \
         once only or other our ours ourselves out over own same she should so some such than \
         that the their theirs them themselves then there these they this those through to too \
         under until up very was we were what when where which while who whom why will with \
         would you your yours yourself yourselves s t said says mr mrs ms",
    ),
    (
        "German",
        "aber alle als also am an auch auf aus bei bin bis bist da damit dann das dass dem den \
         denn der des die dies diese dieser dieses doch dort du durch ein eine einem einen einer \
         eines er es für hat hatte hier ich ihr im in ist ja jetzt kann kein keine man mehr mit \
         nach nicht noch nur ob oder ohne sich sie sind so über um und uns von vor war waren \
         was wenn wer wie wir wird wurde zu zum zur",
    ),
    (
        "French",
        "à au aux avec ce ces cette dans de des du elle elles en est et été être il ils je la \
         le les leur leurs lui mais me même mes moi mon ne nos notre nous on ont ou où par pas \
         pour qu que qui sa sans se ses son sont sur ta te tes toi ton tu un une vos votre vous \
         y a l d n s c j",
    ),
    (
        "Spanish",
        "a al algo como con de del desde donde el ella ellas ellos en entre era es esa ese eso \
         esta este esto fue ha han hay la las le les lo los más me mi muy no nos o para pero \
         por porque que se sin sobre su sus también te todo tu un una uno unos y ya",
    ),
    (
        "Italian",
        "a ad al alla alle anche che chi ci come con da dal dalla dei del della delle di e è \
         gli ha hanno i il in io la le lei lo loro lui ma mi nei nel nella non per più quella \
         quello questa questo se si sono su sua suo tra un una uno",
    ),
    (
        "Dutch",
        "aan al als bij dan dat de die dit door een en er had heb hebben heeft het hij hoe \
         hun ik in is je kan maar me met mij naar niet nog nu of om ons ook op over te tot \
         uit van veel voor was wat we werd wie wij worden zal ze zij zijn zo",
    ),
    (
        "Portuguese",
        "a ao aos as com como da das de do dos e é ela ele eles em entre era essa esse esta \
         este foi há isso já mais mas na nas no nos o os ou para pela pelo por que se sem ser \
         seu sua são também um uma",
    ),
    (
        "Russian",
        "а без бы был была были было в вам вас весь во вот все всё вы где да для до его ее её \
         если есть еще ещё же за и из или им их к как ко когда кто ли мне мы на над не нет ни \
         но о об он она они оно от по под при с со так также то того только тот у уже что это \
         этот я",
    ),
];

/// The token numbers of `store` that are stopwords: the words of the built-in lists named in
/// `languages` and the words of `own` (separated by spaces, commas or new lines).
pub fn stopword_ids(store: &TermStore, languages: &[&str], own: &str) -> HashSet<u32> {
    let lookup = store.lookup();
    let built_in = LISTS
        .iter()
        .filter(|(name, _)| languages.contains(name))
        .map(|(_, words)| *words);
    built_in
        .chain(std::iter::once(own))
        .flat_map(crate::search::analysis::normalized_tokens)
        .filter_map(|token| lookup.get(token.as_str()).copied())
        .collect()
}
