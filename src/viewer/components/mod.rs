//! The viewer's components, one per file.
//!
//! Most are plain functions returning `Html`, not Yew components. They hold no state, and the app
//! gives them new callbacks on every render: Yew compares callbacks by pointer, so as components
//! their props would never compare equal and they would re-render with the app anyway, while each
//! component type costs its own instances of Yew's machinery.
//! The components left hold state or effects of their own.

pub(crate) mod copy_button;
pub(crate) mod details;
pub(crate) mod duration_stats;
pub(crate) mod empty_state;
pub(crate) mod error_panel;
pub(crate) mod export_bar;
pub(crate) mod filters_bar;
pub(crate) mod glance;
pub(crate) mod header;
pub(crate) mod icon;
pub(crate) mod pager;
pub(crate) mod policy_picker;
pub(crate) mod refresh_bar;
pub(crate) mod select;
pub(crate) mod settings;
pub(crate) mod shortcuts_help;
pub(crate) mod status_badge;
pub(crate) mod status_overview;
pub(crate) mod task_row;
pub(crate) mod task_table;
pub(crate) mod time_cell;
pub(crate) mod timeline;
