//! The viewer's components, one per file.

pub(crate) mod copy_button;
pub(crate) mod details;
pub(crate) mod empty_state;
pub(crate) mod error_panel;
pub(crate) mod filters_bar;
pub(crate) mod header;
pub(crate) mod icon;
pub(crate) mod pager;
pub(crate) mod policy_picker;
pub(crate) mod refresh_bar;
pub(crate) mod select;
pub(crate) mod settings;
pub(crate) mod status_badge;
pub(crate) mod task_row;
pub(crate) mod task_table;
pub(crate) mod time_cell;
