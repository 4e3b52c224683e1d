//! Response decoding: any body either decodes or is a decode error; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vbs_tasks::{PolicyList, TaskPage};

fuzz_target!(|body: &[u8]| {
    match TaskPage::from_json(body) {
        Ok(page) => {
            // What decodes must encode again and decode to the same page.
            let again = serde_json::to_vec(&page).expect("a decoded page encodes");
            assert_eq!(TaskPage::from_json(&again).expect("re-decodes"), page);
        }
        Err(err) => assert!(err.is_decode()),
    }
    if let Err(err) = PolicyList::from_json(body) {
        assert!(err.is_decode());
    }
});
