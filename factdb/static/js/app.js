// factdb's own script: text selection in the source reader, suggestions shown in the text,
// kind-dependent claim fields, organization and source autocomplete, the folding filters of
// the claims list. Everything but choosing a source works without it; this makes it faster.
"use strict";

// Offsets count Unicode code points, as the server does (JS strings count UTF-16 units).
function codePoints(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

function offsetWithin(container, node, offset) {
  const range = document.createRange();
  range.setStart(container, 0);
  range.setEnd(node, offset);
  return codePoints(range.toString());
}

function setUpReader() {
  const text = document.getElementById("source-text");
  const action = document.getElementById("selection-action");
  const link = document.getElementById("selection-link");
  if (!text || !action || !link) return;
  const update = () => {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      action.hidden = true;
      return;
    }
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) {
      action.hidden = true;
      return;
    }
    let start = offsetWithin(text, range.startContainer, range.startOffset);
    let end = offsetWithin(text, range.endContainer, range.endOffset);
    // Trim the whitespace a double-click or drag tends to include.
    const chosen = Array.from(range.toString());
    while (chosen.length && /\s/.test(chosen[0])) { chosen.shift(); start += 1; }
    while (chosen.length && /\s/.test(chosen[chosen.length - 1])) { chosen.pop(); end -= 1; }
    if (end <= start) { action.hidden = true; return; }
    const url = new URL(text.dataset.newClaimUrl, window.location.href);
    url.searchParams.set("start", String(start));
    url.searchParams.set("end", String(end));
    link.href = url.pathname + url.search;
    link.textContent = "Mark a claim from “" + chosen.join("").slice(0, 60) + (chosen.length > 60 ? "…" : "") + "”";
    action.hidden = false;
  };
  document.addEventListener("selectionchange", update);
  text.addEventListener("keyup", update);
}

// The UTF-16 index of the code point at ``points`` within ``text``.
function utf16Index(text, points) {
  let index = 0;
  for (const character of text) {
    if (points <= 0) break;
    index += character.length;
    points -= 1;
  }
  return index;
}

// Wrap the code points [start, end) of the reader's text in <mark> elements (one per text
// node the span crosses, since claim highlights may cut it) and return them.
function markSpan(root, start, end) {
  const pieces = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let position = 0;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const length = codePoints(node.data);
    const from = Math.max(start, position);
    const to = Math.min(end, position + length);
    if (from < to) pieces.push([node, from - position, to - position]);
    position += length;
    if (position >= end) break;
  }
  return pieces.map(([node, from, to]) => {
    const range = document.createRange();
    range.setStart(node, utf16Index(node.data, from));
    range.setEnd(node, utf16Index(node.data, to));
    const mark = document.createElement("mark");
    mark.className = "suggestion-focus";
    range.surroundContents(mark);
    return mark;
  });
}

function unmark(marks) {
  for (const mark of marks) {
    const parent = mark.parentNode;
    if (!parent) continue;
    parent.replaceChild(document.createTextNode(mark.textContent), mark);
    parent.normalize();
  }
}

// Pointing at or focusing a suggestion marks its span in the text and brings it into view
// (only while the list stays put beside the text, so the list does not move away).
function setUpSuggestionFocus() {
  const text = document.getElementById("source-text");
  const list = document.getElementById("suggestions");
  if (!text || !list) return;
  const side = list.closest(".side");
  let marks = [];
  let current = null;
  let timer = null;
  const clear = () => {
    unmark(marks);
    marks = [];
    if (current) current.classList.remove("active");
    current = null;
  };
  const show = (item) => {
    if (item === current) return;
    clear();
    const start = Number(item.dataset.start);
    const end = Number(item.dataset.end);
    if (!(end > start)) return;
    current = item;
    item.classList.add("active");
    marks = markSpan(text, start, end);
    clearTimeout(timer);
    if (!marks.length || !side || getComputedStyle(side).position !== "sticky") return;
    timer = setTimeout(() => {
      const box = marks[0].getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) {
        const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        marks[0].scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
      }
    }, 120);
  };
  const itemOf = (event) => event.target.closest("li.suggestion[data-start]");
  list.addEventListener("mouseover", (event) => { const item = itemOf(event); if (item) show(item); });
  list.addEventListener("focusin", (event) => { const item = itemOf(event); if (item) show(item); });
  list.addEventListener("mouseleave", () => { if (!list.contains(document.activeElement)) clear(); });
  list.addEventListener("focusout", (event) => { if (!list.contains(event.relatedTarget)) clear(); });
}

function setUpKindFields() {
  const form = document.getElementById("claim-form");
  if (!form) return;
  const kind = form.querySelector("select[name=kind]");
  const sets = form.querySelectorAll(".kind-fields");
  const show = () => sets.forEach((set) => { set.hidden = set.dataset.kind !== kind.value; });
  kind.addEventListener("change", show);
  show();
}

// As the user types in ``input``, fetch its suggestions (``data-suggest-url`` + "?q=") once
// typing pauses for 250 ms and hand them to ``show``; an answer that arrives after a newer
// request was sent is dropped, so the list always matches what the input holds.
const SUGGEST_DELAY_MS = 250;

function suggestAsYouType(input, show) {
  let timer = null;
  let latest = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { latest += 1; show([]); return; }
    timer = setTimeout(async () => {
      const ticket = ++latest;
      const response = await fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" }, credentials: "same-origin",
      });
      if (!response.ok || ticket !== latest) return;
      const items = await response.json();
      if (ticket === latest) show(items);
    }, SUGGEST_DELAY_MS);
  });
}

// Organization inputs: names and aliases offered in their datalist.
function setUpOrganizationAutocomplete() {
  document.querySelectorAll("input[data-organization-suggest]").forEach((input) => {
    const list = document.getElementById(input.dataset.organizationSuggest);
    if (!list) return;
    suggestAsYouType(input, (items) => {
      list.replaceChildren(...items.map((item) => {
        const option = document.createElement("option");
        option.value = item.alias || item.name;
        option.label = item.alias ? item.alias + " — " + item.name : item.name;
        return option;
      }));
    });
  });
}

// Source pickers: a combobox whose listbox offers sources; choosing one puts its title in the
// input and its id in the hidden field the form submits. Arrow keys move, Enter chooses,
// Escape closes; editing the text forgets the chosen source.
function setUpSourcePicker(input) {
  const hidden = document.getElementById(input.dataset.sourcePicker);
  const list = document.getElementById(input.getAttribute("aria-controls"));
  if (!hidden || !list) return;
  let active = -1;
  const options = () => Array.from(list.querySelectorAll("[role=option]"));
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    const all = options();
    if (!all.length) return;
    active = (index + all.length) % all.length;
    all.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  };
  const choose = (option) => {
    hidden.value = option.dataset.id;
    input.value = option.dataset.title;
    close();
  };
  suggestAsYouType(input, (items) => {
    list.replaceChildren(...items.map((item, i) => {
      const option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.id = String(item.id);
      option.dataset.title = item.title;
      option.textContent = item.title;
      const detail = [item.publisher, item.host].filter(Boolean).join(" · ");
      if (detail) {
        const small = document.createElement("small");
        small.textContent = detail;
        option.append(" ", small);
      }
      return option;
    }));
    active = -1;
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(items.length > 0));
  });
  input.addEventListener("input", () => { hidden.value = ""; });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(options()[active]);
    } else if (event.key === "Escape") {
      close();
    }
  });
  // mousedown, not click: the input's blur would close the list before a click lands.
  list.addEventListener("mousedown", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) { event.preventDefault(); choose(option); }
  });
  input.addEventListener("blur", close);
}

// The claims list's filters fold away on narrow screens so the first results show; on wide
// screens (and when the filters could not be read) they stay open.
function setUpFiltersPanel() {
  const panel = document.querySelector("details[data-filters-panel]");
  if (!panel) return;
  panel.open = panel.hasAttribute("data-keep-open") || window.matchMedia("(min-width: 700px)").matches;
}

// "3 similar claims — 1 verified": on the claim form as the user types, on the claim page
// once it is shown (counting them costs several searches, so the page does not wait).
async function fetchSummary(url, target) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  if (!response.ok) return;
  const summary = await response.json();
  if (!summary.count) { target.replaceChildren(); return; }
  const link = document.createElement("a");
  link.href = summary.url;
  link.textContent = summary.line;
  target.replaceChildren(link);
}

function setUpSimilarHints() {
  const onPage = document.getElementById("similar-summary");
  if (onPage) fetchSummary(onPage.dataset.summaryUrl, onPage);
  const hint = document.getElementById("similar-hint");
  const form = document.getElementById("claim-form");
  if (!hint || !form) return;
  let timer = null;
  const update = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const text = form.querySelector("[name=text]").value.trim();
      if (text.length < 3) { hint.replaceChildren(); return; }
      const params = new URLSearchParams({
        text: text.slice(0, 1000),
        organization: form.querySelector("[name=organization]").value,
        kind: form.querySelector("[name=kind]").value,
      });
      if (hint.dataset.claimId) params.set("claim_id", hint.dataset.claimId);
      fetchSummary(hint.dataset.summaryUrl + "?" + params, hint);
    }, 400);
  };
  ["text", "organization", "kind"].forEach((name) => {
    const field = form.querySelector(`[name=${name}]`);
    if (field) field.addEventListener(field.tagName === "SELECT" ? "change" : "input", update);
  });
}

// "Being reviewed by …" on a claim page: a heartbeat when the page opens and every 30 s while
// the tab is visible keeps this viewer present for others and refreshes who else has it open.
function setUpPresence() {
  const line = document.getElementById("presence");
  if (!line || !line.dataset.presenceUrl) return;
  const beat = async () => {
    if (document.visibilityState !== "visible") return;
    let response;
    try {
      response = await fetch(line.dataset.presenceUrl, {
        method: "POST", credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": line.dataset.csrf },
      });
    } catch (_) {
      return;
    }
    if (!response.ok) return;
    const found = await response.json();
    line.textContent = found.line;
    line.hidden = !found.line;
  };
  const every = Number(line.dataset.presenceEvery || 30000);
  beat();
  setInterval(beat, every);
  document.addEventListener("visibilitychange", beat);
}

// Date fields are text inputs (people type "March 2026"); the button next to each opens the
// browser's calendar through a hidden date input and writes the day picked as 2026-03-03.
function setUpDatePickers() {
  for (const button of document.querySelectorAll("button[data-date-for]")) {
    const field = document.getElementById(button.dataset.dateFor);
    if (!field) continue;
    const proxy = document.createElement("input");
    proxy.type = "date";
    proxy.tabIndex = -1;
    proxy.className = "date-picker-proxy";
    proxy.setAttribute("aria-hidden", "true");
    button.after(proxy);
    button.hidden = false;
    button.addEventListener("click", () => {
      proxy.value = /^\d{4}-\d{2}-\d{2}$/.test(field.value.trim()) ? field.value.trim() : "";
      if (typeof proxy.showPicker === "function") proxy.showPicker();
      else proxy.focus();
    });
    proxy.addEventListener("change", () => {
      if (!proxy.value) return;
      field.value = proxy.value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.focus();
    });
  }
}

// Forms marked data-warn-unsaved: once something is typed, leaving the page asks first
// (the browser's own "leave site?" prompt) and their Cancel links ask too; sending the form
// does not ask.
const dirtyForms = new Set();

function warnBeforeLeaving(event) {
  event.preventDefault();
  event.returnValue = "";
}

function setUpUnsavedWarnings() {
  const forms = document.querySelectorAll("form[data-warn-unsaved]");
  const update = () => {
    if (dirtyForms.size) window.addEventListener("beforeunload", warnBeforeLeaving);
    else window.removeEventListener("beforeunload", warnBeforeLeaving);
  };
  for (const form of forms) {
    // A refused form comes back holding what was typed: leaving it loses that too.
    if (form.dataset.warnUnsaved === "dirty") dirtyForms.add(form);
    const changed = (event) => {
      if (event.target.closest("[data-no-warn]")) return;
      dirtyForms.add(form);
      update();
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", () => { dirtyForms.clear(); update(); });
    form.addEventListener("click", (event) => {
      const cancel = event.target.closest("a[data-cancel]");
      if (!cancel || !dirtyForms.has(form)) return;
      if (!window.confirm("Discard what you typed in this form?")) { event.preventDefault(); return; }
      dirtyForms.clear();
      update();
    });
  }
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  setUpPresence();
  setUpSimilarHints();
  setUpReader();
  setUpSuggestionFocus();
  setUpKindFields();
  setUpOrganizationAutocomplete();
  document.querySelectorAll("input[data-source-picker]").forEach(setUpSourcePicker);
  setUpFiltersPanel();
  setUpDatePickers();
  setUpUnsavedWarnings();
});

// Buttons that undo a lot (merge, retract, send back, withdraw) ask first, naming the effect.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
