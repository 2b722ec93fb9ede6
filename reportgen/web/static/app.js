// reportgen 报告编辑: tabs, the unsaved-changes warning, links from a problem to its field,
// the figure picker's insert, and the dialog. No inline script anywhere (the CSP forbids it).
(function () {
  "use strict";
  var currentTab = "basic";

  function activate(name) {
    currentTab = name;
    document.body.classList.toggle("tab-ledger", name === "ledger");
    document.querySelectorAll("[data-tab]").forEach(function (b) {
      b.classList.toggle("active", b.dataset.tab === name);
      b.setAttribute("aria-selected", b.dataset.tab === name ? "true" : "false");
    });
    document.querySelectorAll("[data-tab-panel]").forEach(function (p) {
      p.classList.toggle("active", p.dataset.tabPanel === name);
    });
  }

  function setDirty(dirty) {
    document.body.dataset.dirty = dirty ? "true" : "false";
    var mark = document.getElementById("dirty-mark");
    if (mark) { mark.hidden = !dirty; }
  }

  // The field a problem names, or the nearest enclosing one the form shows.
  function fieldElement(path) {
    var p = path;
    while (p) {
      var el = document.getElementById("f-" + p);
      if (el) { return el; }
      var cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      if (cut <= 0) { break; }
      p = p.slice(0, cut);
    }
    return null;
  }

  function reveal(el) {
    var panel = el.closest("[data-tab-panel]");
    if (panel) { activate(panel.dataset.tabPanel); }
    var details = el.closest("details");
    if (details) { details.open = true; }
    el.scrollIntoView({ block: "center" });
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1600);
    if (typeof el.focus === "function") { el.focus({ preventScroll: true }); }
  }

  document.addEventListener("click", function (event) {
    var tab = event.target.closest("[data-tab]");
    if (tab) { activate(tab.dataset.tab); return; }
    var link = event.target.closest(".problem-link");
    if (link) {
      event.preventDefault();
      if (link.dataset.field) {
        var el = fieldElement(link.dataset.field);
        if (el) { reveal(el); }
      } else if (link.dataset.ledger) {
        activate("ledger");
        var row = document.querySelector('[data-ledger="' + CSS.escape(link.dataset.ledger) + '"] tr[data-line="' + CSS.escape(link.dataset.line) + '"]');
        if (row) { reveal(row); }
      }
      return;
    }
    var insert = event.target.closest("#figure-insert");
    if (insert) {
      var target = document.getElementById(insert.dataset.target);
      if (target) {
        var text = insert.dataset.expression;
        var start = target.selectionStart != null ? target.selectionStart : target.value.length;
        var end = target.selectionEnd != null ? target.selectionEnd : start;
        target.value = target.value.slice(0, start) + text + target.value.slice(end);
        target.dispatchEvent(new Event("input", { bubbles: true }));
        target.focus();
        target.setSelectionRange(start + text.length, start + text.length);
      }
      document.getElementById("dialog").close();
    }
  });

  // A textarea remembers where the caret was, so the figure picker inserts there.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "dialog-body") {
      var dialog = document.getElementById("dialog");
      if (!dialog.open) { dialog.showModal(); }
    }
    if (target && target.closest && target.closest(".form-pane")) { activate(currentTab); }
  });
  document.addEventListener("htmx:afterSettle", function () { activate(currentTab); });
  // The figure picker's "插入表格" changes the outline; the dialog has done its job.
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.classList && elt.classList.contains("closes-dialog") && event.detail.successful) {
      document.getElementById("dialog").close();
    }
  });

  // The preview brings what each text with {{ }} states; it goes under its field.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "preview") { return; }
    var values = document.getElementById("expanded-values");
    if (!values) { return; }
    values.querySelectorAll("[data-path]").forEach(function (item) {
      var slot = document.getElementById("x-" + item.dataset.path);
      if (slot) { slot.textContent = item.textContent; slot.hidden = false; }
    });
  });

  document.body.addEventListener("rg-changed", function (event) {
    setDirty(event.detail && event.detail.dirty !== false);
    htmx.trigger(document.getElementById("preview"), "rg-refresh");
  });
  document.body.addEventListener("rg-saved", function () { setDirty(false); });
  document.body.addEventListener("rg-ledger-changed", function () { setDirty(true); });

  window.addEventListener("beforeunload", function (event) {
    if (document.body.dataset.dirty === "true") {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // A save, reload or restore that sends the page elsewhere has dealt with the changes.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var path = event.detail.requestConfig && event.detail.requestConfig.path || "";
    if (/\/(reload|keep-both|restore)$/.test(path)) { document.body.dataset.dirty = "false"; }
  });

  document.addEventListener("DOMContentLoaded", function () { activate("basic"); });
})();
