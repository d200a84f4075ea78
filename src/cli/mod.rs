//! The rooms of the command line: what is typed (`args`), the script's own
//! arguments (`params`), listing (`listing`), the environment
//! (`environment`), messages (`report`) and `--info` (`info`).

pub mod args;
pub mod environment;
pub mod generate;
pub mod info;
pub mod listing;
pub mod output_file;
pub mod params;
pub mod privileges;
pub mod report;
pub mod stages;
