//! One module per command. Commands never import each other; what they share to print lives
//! in `crate::output`, exit codes in `crate::exit`.

pub mod check;
pub mod convert;
pub mod dora;
pub mod init;
pub mod nrr;
pub mod playbook;
pub mod schema;
pub mod settings;
