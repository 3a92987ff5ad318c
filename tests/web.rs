//! Browser tier of `make test` (`wasm-pack test --headless --chrome`): enhance,
//! popups and destroy on a real DOM. Each test adds its own fragment to the
//! page and removes only that: clearing `document.body` would delete the test
//! runner's output.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

const TELEGRAM: &str = "<blockquote><p>The bolsheviks’ [lit. <em>maximalists’</em> – ed.] strength has grown, \
    says the [March] report.</p></blockquote>\
    <p>Telegram from Liu Jingren, 27 November 1917 (sent 7 November). Zhong-e guanxi shiliao, pp. 180-181.</p>\
    <p>Prose after it.</p>";

/// A `<div>` holding `html`, appended to the body.
fn fragment(html: &str) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    div.set_inner_html(html);
    document.body().unwrap().append_child(&div).unwrap();
    div
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

#[wasm_bindgen_test]
fn enhance_builds_a_card_around_the_telegram() {
    let div = fragment(TELEGRAM);
    let handle = ibid::enhance(div.clone(), JsValue::UNDEFINED).expect("should enhance");
    let card = find(&div, "figure.ibid-card[data-ibid-quote='0']").expect("should build a card");
    let kind = find(&card, ".ibid-card__kind").and_then(|k| k.text_content());
    let received = find(&card, "time[datetime='1917-11-27']").is_some();
    let transit = find(&card, ".ibid-card__transit").and_then(|k| k.text_content());
    let quote_inside = find(&card, "blockquote").is_some();
    let caption = find(&card, "figcaption cite").and_then(|c| c.text_content()).unwrap_or_default();
    let markers = div.query_selector_all(".ibid-marker").unwrap().length();
    let insertion = find(&div, ".ibid-insertion").and_then(|c| c.text_content());
    handle.destroy();
    div.remove();
    assert_eq!(kind.as_deref(), Some("Telegram"), "should name the kind");
    assert!(received, "should give the received date a <time datetime>");
    assert_eq!(transit.as_deref(), Some("20 days"), "should show the days in transit");
    assert!(quote_inside, "should move the author's blockquote into the card");
    assert!(
        caption.starts_with("Telegram from Liu Jingren"),
        "should move the attribution into the caption: {caption}"
    );
    assert_eq!(markers, 1, "should mark the literal note");
    assert_eq!(insertion.as_deref(), Some("[March]"), "should keep the insertion inline");
}

#[wasm_bindgen_test]
fn destroy_restores_the_markup_exactly() {
    let div = fragment(TELEGRAM);
    let before = div.inner_html();
    let handle = ibid::enhance(div.clone(), JsValue::UNDEFINED).expect("should enhance");
    assert_ne!(div.inner_html(), before, "enhancing should change the page");
    handle.destroy();
    let after = div.inner_html();
    let attr = div.has_attribute("data-ibid-enhanced");
    div.remove();
    assert_eq!(after, before, "destroy should restore the markup");
    assert!(!attr, "destroy should clear the enhanced mark");
}

#[wasm_bindgen_test]
fn enhancing_twice_renders_once() {
    let div = fragment(TELEGRAM);
    let before = div.inner_html();
    let first = ibid::enhance(div.clone(), JsValue::UNDEFINED).expect("should enhance");
    let once = div.inner_html();
    let second = ibid::enhance(div.clone(), JsValue::UNDEFINED).expect("should not fail");
    let twice = div.inner_html();
    drop(first);
    second.destroy();
    let after = div.inner_html();
    div.remove();
    assert_eq!(twice, once, "a second enhance should change nothing");
    assert_eq!(after, before, "either handle should destroy the one enhancement");
}

#[wasm_bindgen_test]
fn a_dropped_handle_keeps_the_popups_working() {
    let div = fragment(TELEGRAM);
    drop(ibid::enhance(div.clone(), JsValue::UNDEFINED).expect("should enhance"));
    let marker: HtmlElement = find(&div, ".ibid-marker").expect("a marker").unchecked_into();
    let tip = find(&div, ".ibid-popup").expect("a popup");
    marker.focus().unwrap();
    let open = !tip.has_attribute("hidden");
    marker.blur().unwrap();
    // Clean up through a fresh handle to the same enhancement.
    ibid::enhance(div.clone(), JsValue::UNDEFINED).expect("should find the live enhancement").destroy();
    let cards = div.query_selector_all(".ibid-card").unwrap().length();
    div.remove();
    assert!(open, "popups should still open after the handle is dropped");
    assert_eq!(cards, 0, "destroy through the second handle should restore the page");
}

#[wasm_bindgen_test]
fn focus_opens_the_tooltip_and_escape_closes_it() {
    let div = fragment(TELEGRAM);
    let handle = ibid::enhance(div.clone(), JsValue::UNDEFINED).expect("should enhance");
    let marker: HtmlElement = find(&div, ".ibid-marker").expect("a marker").unchecked_into();
    let tip_id = marker.get_attribute("aria-describedby").expect("should be described by its tooltip");
    let document = web_sys::window().unwrap().document().unwrap();
    let tip = document.get_element_by_id(&tip_id).expect("the tooltip exists");
    marker.focus().unwrap();
    let open = !tip.has_attribute("hidden");
    let role = tip.get_attribute("role");
    let text = tip.text_content().unwrap_or_default();
    let init = KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let escape = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    marker.dispatch_event(&escape).unwrap();
    let closed = tip.has_attribute("hidden");
    let focus_kept = document.active_element().is_some_and(|a| a.is_same_node(Some(&marker)));
    handle.destroy();
    div.remove();
    assert!(open, "focus should open the tooltip");
    assert_eq!(role.as_deref(), Some("tooltip"), "the popup should be a tooltip");
    assert!(text.contains("lit. maximalists’"), "the tooltip should hold the note: {text}");
    assert!(closed, "Escape should close it");
    assert!(focus_kept, "Escape should leave focus on the marker");
}

#[wasm_bindgen_test]
fn parse_gives_the_cli_json_shape() {
    let div = fragment(TELEGRAM);
    let json = ibid::parse_js(div.clone().into()).expect("should parse");
    div.remove();
    assert!(
        json.starts_with(
            r#"{"quotes":[{"kind":"telegram","from":"Liu Jingren","to":null,"date":"1917-11-27","sent":"1917-11-07""#
        ),
        "{json}"
    );
}

#[wasm_bindgen_test]
fn undo_keeps_what_the_page_changed_meanwhile() {
    let div = fragment(TELEGRAM);
    let handle = ibid::enhance(div.clone(), JsValue::UNDEFINED).expect("should enhance");
    // The page edits a text node ibid split, then removes the quote.
    let first_text = find(&div, "blockquote p").unwrap().first_child().unwrap();
    first_text.set_node_value(Some("The Bolsheviks’"));
    handle.refresh(&JsValue::UNDEFINED).expect("should refresh");
    let text_after_refresh = find(&div, "blockquote p").and_then(|p| p.text_content()).unwrap_or_default();
    find(&div, "blockquote").unwrap().remove();
    handle.destroy();
    let quotes_left = div.query_selector_all("blockquote").unwrap().length();
    let html = div.inner_html();
    div.remove();
    assert!(
        text_after_refresh.starts_with("The Bolsheviks’"),
        "refresh should keep the page's edit: {text_after_refresh}"
    );
    assert_eq!(quotes_left, 0, "destroy should not bring back a quote the page removed: {html}");
    assert!(html.contains("Telegram from Liu Jingren"), "the attribution should be back in place: {html}");
}
