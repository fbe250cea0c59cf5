// The source reader: every claim on a highlighted passage in a small list (highlights nest
// and overlap), and keys to work through claims and suggestions without the mouse.
// Without this script the claims stay listed beside the text.
"use strict";

// The claim marks around ``node`` inside the text, innermost first.
function claimMarksAt(text, node) {
  const marks = [];
  for (let at = node; at && at !== text; at = at.parentNode) {
    if (at.nodeType === Node.ELEMENT_NODE && at.matches("mark.hl[data-claim]")) marks.push(at);
  }
  return marks;
}

function setUpClaimPopover(text, popover) {
  const list = popover.querySelector("ul");
  const reader = popover.parentNode;
  let opener = null;
  const close = (refocus) => {
    if (popover.hidden) return;
    popover.hidden = true;
    if (refocus && opener) opener.focus();
    opener = null;
  };
  const open = (marks) => {
    list.replaceChildren(...marks.map((mark) => {
      const item = document.createElement("li");
      const side = document.getElementById("side-claim-" + mark.dataset.claim);
      if (side) item.append(...Array.from(side.childNodes, (child) => child.cloneNode(true)));
      return item;
    }));
    opener = marks[0];
    const box = opener.getBoundingClientRect();
    const frame = reader.getBoundingClientRect();
    popover.style.top = box.bottom - frame.top + 6 + "px";
    popover.style.left = Math.max(0, Math.min(box.left - frame.left, frame.width - 320)) + "px";
    popover.hidden = false;
    const first = popover.querySelector("a");
    if (first) first.focus({ preventScroll: true });
  };
  text.addEventListener("click", (event) => {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return; // the end of a drag: text was selected
    const marks = claimMarksAt(text, event.target);
    if (marks.length) open(marks); else close(false);
  });
  text.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const marks = claimMarksAt(text, event.target);
    if (!marks.length) return;
    event.preventDefault();
    open(marks);
  });
  popover.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.stopPropagation(); close(true); }
  });
  document.addEventListener("click", (event) => {
    if (!popover.contains(event.target) && !text.contains(event.target)) close(false);
  });
  return { close, isOpen: () => !popover.hidden };
}

// Claims (their first highlight) and proposed suggestions, in the order of the text.
function workItems(text) {
  const items = [];
  const seen = new Set();
  for (const mark of text.querySelectorAll("mark.hl[data-claim]")) {
    if (seen.has(mark.dataset.claim)) continue;
    seen.add(mark.dataset.claim);
    items.push({ element: mark, start: Number(mark.dataset.start), order: 0 });
  }
  for (const item of document.querySelectorAll(".suggestion-group li.suggestion[data-start]")) {
    items.push({ element: item, start: Number(item.dataset.start), order: 1 });
  }
  items.sort((a, b) => a.start - b.start || a.order - b.order);
  return items.map((item) => item.element);
}

function typing(target) {
  return target instanceof Element
    && (target.closest("input, textarea, select, [contenteditable]") !== null);
}

function setUpReaderKeys(text, popover) {
  const help = document.getElementById("reader-keys");
  const hint = document.getElementById("reader-keys-hint");
  if (hint) hint.hidden = false;
  if (help) {
    help.querySelector("[data-close]").addEventListener("click", () => help.close());
  }
  let current = null;
  const move = (step) => {
    const items = workItems(text);
    if (!items.length) return;
    let focused = items.findIndex((item) => item.contains(document.activeElement));
    if (focused < 0) focused = items.indexOf(current);
    const index = focused < 0 ? (step > 0 ? 0 : items.length - 1)
      : Math.min(items.length - 1, Math.max(0, focused + step));
    current = items[index];
    if (current.tagName === "MARK") current.tabIndex = -1;
    popover.close(false);
    current.focus({ preventScroll: true });
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    current.scrollIntoView({ block: "nearest", behavior: smooth ? "smooth" : "auto" });
  };
  const focusedSuggestion = () => {
    const active = document.activeElement;
    return active instanceof Element ? active.closest(".suggestion-group li.suggestion") : null;
  };
  const actions = {
    j: () => move(1),
    k: () => move(-1),
    a: () => {
      const accept = focusedSuggestion()?.querySelector("a.button[href]");
      if (accept) window.location.assign(accept.href);
    },
    d: () => {
      const dismiss = focusedSuggestion()?.querySelector("form");
      if (dismiss) dismiss.requestSubmit();
    },
    n: () => {
      // The browser announces a new selection asynchronously: read it now, so a key pressed
      // right after selecting is not lost (app.js listens and updates the selection's link).
      document.dispatchEvent(new Event("selectionchange"));
      const action = document.getElementById("selection-action");
      const link = document.getElementById("selection-link");
      if (action && link && !action.hidden) window.location.assign(link.href);
    },
    "?": () => { if (help && !help.open) help.showModal(); },
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) return;
    if (event.key === "Escape") { popover.close(true); return; }
    if (typing(event.target) || (help && help.open)) return;
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const text = document.getElementById("source-text");
  const popover = document.getElementById("claim-popover");
  if (!text || !popover) return;
  setUpReaderKeys(text, setUpClaimPopover(text, popover));
});
