// factdb's own script: text selection in the source reader, kind-dependent claim fields,
// and organization autocomplete. Everything works without it; this makes it faster.
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

function setUpKindFields() {
  const form = document.getElementById("claim-form");
  if (!form) return;
  const kind = form.querySelector("select[name=kind]");
  const sets = form.querySelectorAll(".kind-fields");
  const show = () => sets.forEach((set) => { set.hidden = set.dataset.kind !== kind.value; });
  kind.addEventListener("change", show);
  show();
}

function setUpOrganizationAutocomplete() {
  const input = document.querySelector("input[data-suggest-url]");
  const list = document.getElementById("organization-names");
  if (!input || !list) return;
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (!q) return;
      const response = await fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" }, credentials: "same-origin",
      });
      if (!response.ok) return;
      const items = await response.json();
      list.replaceChildren(...items.map((item) => {
        const option = document.createElement("option");
        option.value = item.alias || item.name;
        option.label = item.alias ? item.alias + " — " + item.name : item.name;
        return option;
      }));
    }, 150);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpReader();
  setUpKindFields();
  setUpOrganizationAutocomplete();
});

// Buttons that undo a lot (merge, retract) ask first.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
