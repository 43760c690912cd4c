//! What the user makes of articles: a codebook of tags, and per article its tags, a star and a
//! note. Kept per folder in the app's data folder, never in the corpus folder ([`store`]);
//! joined to a scan by file and number, and by a fingerprint of the content when a file was
//! renamed ([`attach`]); exchanged with spreadsheets as a coding sheet ([`coding`]).

pub mod attach;
pub mod coding;
pub mod model;
pub mod store;

pub use attach::{Attached, OpenedMarks, article_numbers, attach, fingerprint, open_marks};
pub use model::{ArticleKey, Change, Mark, Marks, TAG_COLOURS, TagDef, check_tag_name};
pub use store::{Store, StoreError, default_data_root};
