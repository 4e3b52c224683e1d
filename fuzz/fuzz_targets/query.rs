//! Query parsing (what the emulator and proxy read from the network): never a panic, and whatever
//! parses writes back to a string that parses to the same query.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vbs_tasks::{ApiPath, TaskQuery};

fuzz_target!(|raw: &str| {
    if let Ok(query) = TaskQuery::from_query_str(raw) {
        let written = query.to_query_string();
        assert_eq!(TaskQuery::from_query_str(&written).expect("re-parses"), query);
    }
    if let Some(path) = ApiPath::parse(raw) {
        assert_eq!(ApiPath::parse(&path.to_path()), Some(path));
    }
});
