//! Children of one element (a table's rows, a chart's bars) kept in the page from their HTML
//! text, by key.
//!
//! Yew builds markup node by node, each element, attribute and text a call out of wasm; the
//! browser's parser builds the same nodes from one string in one call. So [`use_keyed_children`]
//! owns a parent element that Yew places as a node reference, and keeps its children the way
//! Yew's keyed lists would: new children are parsed together, a kept child is not rebuilt (focus
//! stays on it) and only the attributes and inner parts that changed are written.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::{browser, markup};

/// A child as it should be: its key (unique among its siblings), its attributes and its inner
/// markup in parts (a row's cells), each a whole element that can be rewritten alone.
pub(crate) struct ChildSpec {
    pub key: Rc<str>,
    pub attrs: Vec<(&'static str, String)>,
    pub parts: Rc<[String]>,
}

/// A `parent` element (`tbody`, or an SVG `g` in `namespace`) whose children are kept equal to
/// `wanted`, all of them `tag` elements. The children are written while the component renders,
/// so they are in the page in the same task as the rest of the render: Yew runs effects after
/// it may have yielded to the browser, which would paint the parent empty first. The parent has
/// no listeners of its own (Yew's are declared in `html!`): put them on an ancestor.
#[hook]
pub(crate) fn use_keyed_children(
    namespace: Option<&'static str>,
    parent: &'static str,
    tag: &'static str,
    wanted: Vec<ChildSpec>,
) -> Html {
    let children = use_mut_ref(|| KeyedChildren {
        // `createElementNS(null, …)` would make an element of no namespace, not an HTML one.
        parent: browser::document().and_then(|document| match namespace {
            Some(namespace) => document.create_element_ns(Some(namespace), parent).ok(),
            None => document.create_element(parent).ok(),
        }),
        tag,
        placed: Vec::new(),
    });
    let mut children = children.borrow_mut();
    children.update(wanted);
    children
        .parent
        .clone()
        .map_or_else(Html::default, |parent| Html::VRef(parent.into()))
}

/// A child in the page and the spec it was last written from.
struct Placed {
    spec: ChildSpec,
    element: Element,
}

impl Placed {
    /// Writes what differs between the child's spec and `spec`.
    fn update(&mut self, spec: ChildSpec) {
        let old = &self.spec;
        for (name, value) in &spec.attrs {
            if old
                .attrs
                .iter()
                .find(|(old_name, _)| old_name == name)
                .map(|(_, v)| v)
                != Some(value)
            {
                let _ = self.element.set_attribute(name, value);
            }
        }
        for (name, _) in &old.attrs {
            if !spec.attrs.iter().any(|(new_name, _)| new_name == name) {
                let _ = self.element.remove_attribute(name);
            }
        }
        if !Rc::ptr_eq(&old.parts, &spec.parts) {
            if old.parts.len() == spec.parts.len() {
                // Only the parts that changed (a clock tick changes a row's times), found by
                // walking no further than the last of them.
                let last = old
                    .parts
                    .iter()
                    .zip(spec.parts.iter())
                    .rposition(|(a, b)| a != b);
                let mut part = self.element.first_element_child();
                for (index, (was, now)) in old.parts.iter().zip(spec.parts.iter()).enumerate() {
                    if Some(index) > last {
                        break;
                    }
                    let Some(current) = part else { break };
                    part = current.next_element_sibling();
                    if was != now {
                        current.set_outer_html(now);
                    }
                }
            } else {
                self.element.set_inner_html(&spec.parts.concat());
            }
        }
        self.spec = spec;
    }
}

/// The children kept in one parent.
struct KeyedChildren {
    /// `None` only if the document refused to make it: then there is nothing to show.
    parent: Option<Element>,
    tag: &'static str,
    placed: Vec<Placed>,
}

impl KeyedChildren {
    /// Makes the parent's children those of `wanted`, in order.
    fn update(&mut self, wanted: Vec<ChildSpec>) {
        let Some(parent) = &self.parent else { return };
        // A wanted key is looked for at its own index first (a clock tick, a new selection), then
        // anywhere (a refresh shifts rows): at most 100 children, no hashing needed. A key the
        // service repeated is matched once per repeat; what is not matched goes.
        let mut old: Vec<Option<Placed>> = self.placed.drain(..).map(Some).collect();
        let mut kept: Vec<Option<Placed>> = Vec::with_capacity(wanted.len());
        for (index, spec) in wanted.iter().enumerate() {
            let has_key =
                |placed: &Option<Placed>| placed.as_ref().is_some_and(|p| p.spec.key == spec.key);
            let at = if old.get(index).is_some_and(has_key) {
                Some(index)
            } else {
                old.iter().position(has_key)
            };
            kept.push(at.and_then(|at| old.get_mut(at)).and_then(Option::take));
        }
        for gone in old.into_iter().flatten() {
            gone.element.remove();
        }

        // All new children in one string, parsed in one call: straight into the parent when none
        // is kept (a first page, another page), else into a copy of the parent (the same parsing
        // context: a table body, an SVG) to be moved into place.
        let mut html = String::new();
        for (spec, _) in wanted.iter().zip(&kept).filter(|(_, kept)| kept.is_none()) {
            markup::element(&mut html, self.tag, &spec.attrs, &spec.parts);
        }
        let mut fresh = if html.is_empty() {
            None
        } else if kept.iter().all(Option::is_none) {
            parent.set_inner_html(&html);
            parent.first_element_child()
        } else {
            let spare = parent
                .clone_node()
                .ok()
                .and_then(|node| node.dyn_into::<Element>().ok());
            spare.and_then(|spare| {
                spare.set_inner_html(&html);
                spare.first_element_child()
            })
        };

        // Then each child in its place, moving only those that are not.
        let mut cursor = parent.first_element_child();
        for (spec, kept) in wanted.into_iter().zip(kept) {
            let placed = match kept {
                Some(mut placed) => {
                    placed.update(spec);
                    placed
                }
                None => {
                    let Some(element) = fresh.take() else {
                        continue;
                    };
                    fresh = element.next_element_sibling();
                    Placed { spec, element }
                }
            };
            if cursor.as_ref() == Some(&placed.element) {
                cursor = placed.element.next_element_sibling();
            } else {
                let _ = parent.insert_before(&placed.element, cursor.as_deref());
            }
            self.placed.push(placed);
        }
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
    use web_sys::{Element, HtmlElement};
    use yew::virtual_dom::vtag::SVG_NAMESPACE;

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    /// A `tbody` in a table in the page (focus needs a connected element), kept by a fresh
    /// `KeyedChildren`.
    fn table_body() -> KeyedChildren {
        let document = browser::document().expect("a document");
        let table = document.create_element("table").expect("a table");
        let body = document.create_element("tbody").expect("a tbody");
        table.append_child(&body).expect("appended");
        document
            .body()
            .expect("a body")
            .append_child(&table)
            .expect("in the page");
        KeyedChildren {
            parent: Some(body),
            tag: "tr",
            placed: Vec::new(),
        }
    }

    fn row(key: &str, class: &str, cells: &[&str]) -> ChildSpec {
        ChildSpec {
            key: Rc::from(key),
            attrs: vec![("class", class.to_owned()), ("data-key", key.to_owned())],
            parts: cells
                .iter()
                .map(|text| format!("<td>{text}</td>"))
                .collect(),
        }
    }

    fn children(rows: &KeyedChildren) -> Vec<Element> {
        let parent = rows.parent.as_ref().expect("a parent");
        let mut out = Vec::new();
        let mut child = parent.first_element_child();
        while let Some(element) = child {
            child = element.next_element_sibling();
            out.push(element);
        }
        out
    }

    fn keys(rows: &KeyedChildren) -> Vec<String> {
        children(rows)
            .iter()
            .map(|row| row.get_attribute("data-key").unwrap_or_default())
            .collect()
    }

    #[wasm_bindgen_test]
    fn new_rows_are_parsed_in_order_with_their_attributes_and_cells() {
        let mut rows = table_body();
        rows.update(vec![
            row("a", "one", &["1", "2"]),
            row("b", "two", &["3", "<b>4</b>"]),
        ]);
        let shown = children(&rows);
        assert_eq!(keys(&rows), ["a", "b"]);
        assert_eq!(shown[0].tag_name(), "TR");
        assert_eq!(shown[1].get_attribute("class").as_deref(), Some("two"));
        assert_eq!(shown[1].inner_html(), "<td>3</td><td><b>4</b></td>");
    }

    #[wasm_bindgen_test]
    fn a_kept_row_keeps_its_element_focus_and_unchanged_cells() {
        let mut rows = table_body();
        rows.update(vec![
            row("a", "one", &["1", "2", "3"]),
            row("b", "two", &["4", "5", "6"]),
        ]);
        let before = children(&rows);
        let first_cell = before[0].first_element_child().expect("a cell");
        let row_a = before[0]
            .clone()
            .dyn_into::<HtmlElement>()
            .expect("an HTML row");
        row_a.set_tab_index(0);
        row_a.focus().expect("focused");

        rows.update(vec![
            row("a", "one selected", &["1", "two", "3"]),
            row("b", "two", &["4", "5", "6"]),
        ]);
        let after = children(&rows);
        assert!(
            after[0] == before[0] && after[1] == before[1],
            "rows were rebuilt"
        );
        assert_eq!(
            after[0].get_attribute("class").as_deref(),
            Some("one selected")
        );
        assert!(
            after[0].first_element_child() == Some(first_cell),
            "an unchanged cell was rewritten"
        );
        assert_eq!(after[0].inner_html(), "<td>1</td><td>two</td><td>3</td>");
        let focused = browser::document().and_then(|document| document.active_element());
        assert!(
            focused == Some(before[0].clone()),
            "the kept row lost focus"
        );
    }

    #[wasm_bindgen_test]
    fn rows_are_added_removed_and_moved_by_key() {
        let mut rows = table_body();
        rows.update(vec![
            row("a", "", &["a"]),
            row("b", "", &["b"]),
            row("c", "", &["c"]),
        ]);
        let before = children(&rows);
        rows.update(vec![
            row("d", "", &["d"]),
            row("b", "", &["b"]),
            row("a", "", &["a"]),
        ]);
        let after = children(&rows);
        assert_eq!(keys(&rows), ["d", "b", "a"]);
        assert!(
            after[1] == before[1] && after[2] == before[0],
            "kept rows were rebuilt"
        );
        assert!(
            !before[2].is_connected(),
            "the row of c is still in the page"
        );
        rows.update(Vec::new());
        assert!(keys(&rows).is_empty());
    }

    #[wasm_bindgen_test]
    fn attributes_are_written_as_text_and_dropped_when_gone() {
        let mut rows = table_body();
        let hostile = "\"><img src=x onerror=alert(1)>";
        rows.update(vec![row("a", hostile, &["1"])]);
        let shown = children(&rows);
        assert_eq!(shown[0].get_attribute("class").as_deref(), Some(hostile));
        assert_eq!(shown[0].query_selector("img").ok().flatten(), None);
        let mut plain = row("a", "x", &["1"]);
        plain.attrs.retain(|(name, _)| *name != "data-key");
        rows.update(vec![plain]);
        assert!(children(&rows)[0] == shown[0]);
        assert_eq!(shown[0].get_attribute("data-key"), None);
    }

    #[wasm_bindgen_test]
    fn a_repeated_key_still_gets_its_own_row() {
        let mut rows = table_body();
        rows.update(vec![row("a", "", &["1"]), row("a", "", &["2"])]);
        assert_eq!(children(&rows).len(), 2);
        rows.update(vec![
            row("a", "", &["1"]),
            row("a", "", &["2"]),
            row("b", "", &["3"]),
        ]);
        assert_eq!(keys(&rows), ["a", "a", "b"]);
    }

    #[wasm_bindgen_test]
    fn svg_children_are_svg_elements() {
        let document = browser::document().expect("a document");
        let group = document
            .create_element_ns(Some(SVG_NAMESPACE), "g")
            .expect("an SVG group");
        let mut bars = KeyedChildren {
            parent: Some(group),
            tag: "rect",
            placed: Vec::new(),
        };
        let bar = |key: &str| ChildSpec {
            key: Rc::from(key),
            attrs: vec![("width", "10".to_owned())],
            parts: Rc::from([format!("<title>{key}</title>")]),
        };
        bars.update(vec![bar("a")]);
        bars.update(vec![bar("b"), bar("a")]);
        let shown = children(&bars);
        assert_eq!(shown.len(), 2);
        for element in &shown {
            assert_eq!(
                element.namespace_uri().as_deref(),
                Some("http://www.w3.org/2000/svg")
            );
            assert_eq!(element.local_name(), "rect");
        }
        assert_eq!(shown[0].text_content().as_deref(), Some("b"));
    }
}
