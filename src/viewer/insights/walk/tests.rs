use vbs_tasks::core::model::{Task, TaskStatus};
use vbs_tasks::core::taskrow::TaskRow;
use vbs_tasks::core::time::Timestamp;

use super::*;

/// A list of tasks oldest first that answers pages as the service does, and can change between
/// answers.
struct List(Vec<TaskRow>);

impl List {
    fn new(ids: std::ops::Range<u32>) -> List {
        List(ids.map(task).collect())
    }

    fn page(&self, offset: u64, limit: u64) -> RowPage {
        let tasks = self
            .0
            .iter()
            .skip(offset as usize)
            .take(limit as usize)
            .cloned()
            .collect();
        RowPage::new(self.0.len() as u64, tasks)
    }

    fn ids(&self) -> Vec<String> {
        self.0.iter().map(|task| task.id.clone()).collect()
    }
}

fn task(n: u32) -> TaskRow {
    TaskRow::from(&Task::new(
        format!("task-{n:05}"),
        TaskStatus::Running,
        Timestamp::parse("2026-01-01T00:00:00").unwrap(),
    ))
}

fn ids(tasks: &[TaskRow]) -> Vec<String> {
    tasks.iter().map(|task| task.id.clone()).collect()
}

/// Reads every page the walk plans (in the order `order` gives) and then whatever it asks to read
/// again, calling `change` on the list before the read of page number `n`, as a walk running for
/// a while would see it.
fn walk(
    list: &mut List,
    limit: u32,
    change: impl Fn(&mut List, u64),
) -> Result<Vec<TaskRow>, KeptChanging> {
    let mut walk = ExportWalk::new(limit, list.page(0, limit.into()));
    let mut pages = walk.remaining();
    pages.reverse(); // the newest pages answer first: concurrency gives any order
    for number in pages {
        change(list, number);
        walk.accept(number, list.page(walk.offset(number), limit.into()));
    }
    loop {
        let again = walk.out_of_step()?;
        if again.is_empty() {
            return Ok(walk.into_tasks(SortDir::Asc));
        }
        for number in again {
            walk.accept(number, list.page(walk.offset(number), limit.into()));
        }
    }
}

#[test]
fn a_steady_list_is_read_in_pages_that_overlap_by_one_and_comes_out_once_in_either_order() {
    let list = List::new(0..2_500);
    let mut walk = ExportWalk::new(1000, list.page(0, 1000));
    assert_eq!(walk.total(), 2_500);
    // 0..1000, 999..1999, 1998..2500.
    assert_eq!(walk.remaining(), vec![1, 2]);
    assert_eq!(walk.offset(1), 999);
    assert_eq!(walk.offset(2), 1_998);
    for number in [2, 1] {
        walk.accept(number, list.page(walk.offset(number), 1000));
    }
    assert_eq!(walk.received(), 2_500);
    assert_eq!(walk.out_of_step(), Ok(vec![]));
    let oldest_first = walk.clone().into_tasks(SortDir::Asc);
    assert_eq!(ids(&oldest_first), list.ids());
    let mut newest_first = list.ids();
    newest_first.reverse();
    assert_eq!(ids(&walk.into_tasks(SortDir::Desc)), newest_first);
}

#[test]
fn a_walk_planned_from_the_tables_count_reads_every_page_and_follows_a_larger_count() {
    let mut list = List::new(0..2_500);
    let mut walk = ExportWalk::planned(1000, 2_500);
    assert_eq!(walk.unread(), vec![0, 1, 2]);
    for number in [2, 0] {
        walk.accept(number, list.page(walk.offset(number), 1000));
    }
    assert_eq!(walk.unread(), vec![1]);
    // Tasks were added since the table counted: page 1's answer says so, and the plan grows.
    list.0.extend((5_000..5_600).map(task));
    walk.accept(1, list.page(walk.offset(1), 1000));
    assert_eq!(walk.total(), 3_100);
    assert_eq!(walk.unread(), vec![3]);
    walk.accept(3, list.page(walk.offset(3), 1000));
    // Page 2 was read before the tasks came: it ended early, and page 3 found more.
    assert_eq!(walk.out_of_step(), Ok(vec![2]));
    walk.accept(2, list.page(walk.offset(2), 1000));
    assert_eq!(walk.out_of_step(), Ok(vec![]));
    assert_eq!(ids(&walk.into_tasks(SortDir::Asc)), list.ids());
    // A filter the table counted as empty still reads its first page.
    assert_eq!(ExportWalk::planned(1000, 0).unread(), vec![0]);
}

#[test]
fn the_plan_covers_exactly_the_count() {
    let plan = |count: u32| {
        let list = List::new(0..count);
        let walk = ExportWalk::new(1000, list.page(0, 1000));
        walk.remaining()
    };
    assert_eq!(plan(0), Vec::<u64>::new());
    assert_eq!(plan(1000), Vec::<u64>::new());
    assert_eq!(plan(1001), vec![1]);
    assert_eq!(plan(1999), vec![1]);
    assert_eq!(plan(2000), vec![1, 2]);
    // The emulator's largest policy: 11 requests of 1000.
    assert_eq!(plan(10_317).len() + 1, 11);
}

#[test]
fn tasks_created_during_the_walk_shift_no_page_and_none_is_lost_or_doubled() {
    let mut list = List::new(0..3_100);
    let original = list.ids();
    let tasks = walk(&mut list, 1000, |list, _| {
        let n = list.0.len() as u32;
        list.0.push(task(10_000 + n));
    })
    .unwrap();
    let got = ids(&tasks);
    let distinct: HashSet<&String> = got.iter().collect();
    assert_eq!(distinct.len(), got.len(), "a task came twice");
    assert_eq!(got[..original.len()], original[..]);
}

#[test]
fn tasks_leaving_the_filter_mid_walk_break_a_seam_and_the_page_is_read_again() {
    let mut list = List::new(0..3_500);
    // Before page 3 is read (the first after page 0), ten tasks of page 0 finish and leave the
    // RUNNING filter: every page read after that starts ten tasks further on.
    let tasks = walk(&mut list, 1000, |list, number| {
        if number == 3 {
            list.0.drain(100..110);
        }
    })
    .unwrap();
    // Page 0 was read before they left: it is read again, and the file holds every task that
    // still matches, once, oldest first.
    assert_eq!(ids(&tasks), list.ids());
    assert_eq!(tasks.len(), 3_490);
}

#[test]
fn without_the_seam_check_the_same_change_would_lose_tasks() {
    // The same walk, but taking the pages as first read: the tasks that moved into page 2's
    // range after it was read are missing. What the seam check is there for.
    let mut list = List::new(0..3_500);
    let mut walk = ExportWalk::new(1000, list.page(0, 1000));
    for number in [3, 2, 1] {
        if number == 2 {
            list.0.drain(100..110);
        }
        walk.accept(number, list.page(walk.offset(number), 1000));
    }
    // Page 0 (read before they left) and page 3 (likewise) are out of step.
    assert_eq!(walk.out_of_step(), Ok(vec![0, 3]));
    assert!(walk.clone().into_tasks(SortDir::Asc).len() < 3_500);
}

#[test]
fn a_list_that_shrank_to_an_earlier_page_ends_the_walk_there() {
    let mut list = List::new(0..2_500);
    let tasks = walk(&mut list, 1000, |list, number| {
        if number == 2 {
            list.0.truncate(1_200);
        }
    })
    .unwrap();
    // Page 2 found nothing; page 1 (1200 − 999 tasks) and page 0 hold the rest.
    assert_eq!(ids(&tasks)[..1_200], List::new(0..1_200).ids()[..]);
}

#[test]
fn a_list_that_keeps_changing_is_given_up_on_with_a_reason() {
    let mut list = List::new(0..2_500);
    let mut walk = ExportWalk::new(1000, list.page(0, 1000));
    // Before every reading, another task in front leaves the filter: no two readings ever see
    // the same list.
    for number in walk.remaining() {
        list.0.remove(0);
        walk.accept(number, list.page(walk.offset(number), 1000));
    }
    let mut rounds = 0;
    let outcome = loop {
        match walk.out_of_step() {
            Ok(again) if again.is_empty() => break Ok(()),
            Ok(again) => {
                for number in again {
                    list.0.remove(0);
                    walk.accept(number, list.page(walk.offset(number), 1000));
                }
            }
            Err(err) => break Err(err),
        }
        rounds += 1;
        assert!(rounds <= 3 * (MAX_REREADS + 1), "the walk never gives up");
    };
    assert_eq!(outcome, Err(KeptChanging));
}
