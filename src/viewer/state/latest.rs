//! The one rule for every answer the page waits for: only the answer to the latest request of its
//! concern is taken.
//!
//! Each concern that sends requests (the task view, the export, the overview, the glance) keeps a
//! [`Latest`]. A new request is issued a [`RequestId`]; the hook that sends it hands the id back
//! with the answer, and the reducer takes the answer only if [`Latest::accepts`] its id. An answer
//! that arrives after a newer request was issued (a slow page after a filter change, an export
//! after Cancel, a round of counts after Refresh) is thus dropped, whatever the hook's abort did.

/// The number of one request of a concern, handed back with its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RequestId(u64);

#[cfg(test)]
impl RequestId {
    /// Another id, `by` issues later (or earlier): for tests of answers to other requests.
    pub fn shifted(self, by: i64) -> RequestId {
        RequestId(self.0.saturating_add_signed(by))
    }
}

/// The ids a concern has issued: the last one is the only one whose answer is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Latest {
    last: RequestId,
}

impl Latest {
    /// A new request: its id, now the latest (every earlier id is stale from here on).
    pub fn issue(&mut self) -> RequestId {
        self.last = RequestId(self.last.0 + 1);
        self.last
    }

    /// The id of the latest request (before the first, one no answer can carry).
    pub fn id(&self) -> RequestId {
        self.last
    }

    /// Whether an answer carrying `id` answers the latest request.
    pub fn accepts(&self, id: RequestId) -> bool {
        id != RequestId::default() && id == self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_latest_request_is_answered() {
        let mut requests = Latest::default();
        assert!(
            !requests.accepts(requests.id()),
            "nothing asked, nothing taken"
        );
        let first = requests.issue();
        assert!(requests.accepts(first));
        assert_eq!(requests.id(), first);
        let second = requests.issue();
        assert!(second > first);
        assert!(
            !requests.accepts(first),
            "a late answer to the first is stale"
        );
        assert!(requests.accepts(second));
        // A copy (a state cloned for the next render) keeps the same rule.
        let copy = requests;
        assert!(copy.accepts(second) && !copy.accepts(first));
    }
}
