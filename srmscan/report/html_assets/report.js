"use strict";
(function () {
  // Everything shown comes from this JSON and reaches the page through textContent only: nothing from
  // a scanned account is ever parsed as HTML.
  var data = JSON.parse(document.getElementById("srmscan-data").textContent);
  var findings = data.findings;
  var PAGE = 100;
  var SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3 };
  var STATUS_RANK = { FAIL: 0, ERROR: 1, PASS: 2 };
  var state = { page: 0, open: {}, requirement: null };
  var shown = [];

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        if (key === "text") { node.textContent = props[key]; }
        else if (key === "cls") { node.className = props[key]; }
        else { node.setAttribute(key, props[key]); }
      });
    }
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }
  function byId(id) { return document.getElementById(id); }
  function slug(status) { return status.replace(/ /g, "-"); }

  findings.forEach(function (f) {
    f.search = [f.check, f.title, f.name, f.rid, f.message, f.scope, f.region, f.duty, f.duty_name, f.type]
      .join("\n").toLowerCase();
    f.waived = f.waiver ? "waived" : "";
  });
  findings.sort(function (a, b) {
    return (STATUS_RANK[a.status] - STATUS_RANK[b.status]) || (SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]) ||
      (a.check < b.check ? -1 : a.check > b.check ? 1 : 0) || (a.rid < b.rid ? -1 : a.rid > b.rid ? 1 : 0);
  });

  function summary() {
    var counts = { FAIL: 0, ERROR: 0, PASS: 0 };
    var waived = 0;
    findings.forEach(function (f) { counts[f.status] += 1; if (f.waiver) { waived += 1; } });
    var box = byId("summary");
    [["FAIL", "failed"], ["ERROR", "could not be judged"], ["PASS", "passed"]].forEach(function (pair) {
      box.appendChild(el("div", { cls: "tile st-" + pair[0] }, [el("b", { text: String(counts[pair[0]]) }),
        el("span", { text: pair[1] })]));
    });
    if (waived) { box.appendChild(el("div", { cls: "tile" }, [el("b", { text: String(waived) }), el("span", { text: "waived" })])); }
  }

  function matrix() {
    var coverage = data.coverage;
    var head = el("tr", null, [el("th", { text: "Customer duty" })]);
    coverage.providers.forEach(function (p) {
      head.appendChild(el("th", null, [el("span", { text: p.provider }), el("small", { text: p.model })]));
    });
    var body = el("tbody");
    coverage.duties.forEach(function (duty) {
      var row = el("tr", null, [el("td", { cls: "duty", text: duty.name })]);
      coverage.providers.forEach(function (p) {
        var cell = duty.cells[p.provider];
        var judged = cell.PASS + cell.FAIL + cell.ERROR + cell.waived;
        var label = cell.status;
        if (cell.status === "FAIL") { label += " " + cell.FAIL + "/" + judged; }
        else if (cell.status === "ERROR") { label += " " + cell.ERROR + "/" + judged; }
        else if (cell.status === "PASS") { label += " " + judged; }
        var button = el("button", { type: "button", cls: "cell st-" + slug(cell.status), "data-provider": p.provider,
          "data-duty": duty.id, title: cell.layer + " (" + p.model + ") - " + cell.checks_run + " of " +
          cell.checks_available + " checks gave results" + (cell.waived ? "; " + cell.waived + " waived" : "") },
          [el("span", { text: label }), el("small", { text: cell.layer })]);
        button.addEventListener("click", function () { showCell(p.provider, duty.id, button); });
        row.appendChild(el("td", null, [button]));
      });
      body.appendChild(row);
    });
    byId("matrix").appendChild(el("table", null, [el("thead", null, [head]), body]));
    coverage.providers.forEach(function (p) {
      var layers = [];
      p.provider_owned.forEach(function (l) { if (layers.indexOf(l.layer) < 0) { layers.push(l.layer); } });
      byId("owned").appendChild(el("div", { text: p.model + " - the provider's own layers, out of scope: " + layers.join("; ") }));
    });
  }

  function compliance() {
    var place = byId("compliance");
    if (!place) { return; }
    (data.compliance || []).forEach(function (framework) {
      var totals = Object.keys(framework.totals).sort().map(function (k) { return framework.totals[k] + " " + k; });
      place.appendChild(el("h3", { text: framework.name + " (" + framework.id + "): " + totals.join(", ") }));
      place.appendChild(el("p", { cls: "hint", text: "requirements from " + framework.source + ", read " + framework.read }));
      var body = el("tbody");
      framework.requirements.forEach(function (r) {
        var counts = r.checks.length ? r.counts.PASS + " pass, " + r.counts.FAIL + " fail, " + r.counts.ERROR + " error" +
          (r.counts.waived ? ", " + r.counts.waived + " waived" : "") : "";
        var row = el("tr", { cls: "requirement" + (r.checks.length ? " linked" : ""), "data-framework": framework.id,
          "data-requirement": r.id }, [
          el("td", { cls: "mono", text: r.id }),
          el("td", null, [el("span", { cls: "req req-" + slug(r.status), text: r.status })]),
          el("td", { text: counts }),
          el("td", { text: r.title + (r.why ? " (" + r.why + ")" : "") })]);
        if (r.checks.length) {
          row.addEventListener("click", function () { showRequirement(framework, r); });
        }
        body.appendChild(row);
      });
      place.appendChild(el("table", { cls: "requirements" }, [
        el("thead", null, [el("tr", null, [el("th", { text: "Requirement" }), el("th", { text: "Status" }),
          el("th", { text: "Results" }), el("th", { text: "Title" })])]), body]));
    });
  }

  function showRequirement(framework, requirement) {
    resetFilters();
    state.requirement = { checks: requirement.checks, label: framework.id + " " + requirement.id };
    update();
    byId("findings").scrollIntoView();
  }

  function showCell(provider, duty, button) {
    resetFilters();
    byId("f-provider").value = provider;
    byId("f-duty").value = duty;
    Array.prototype.forEach.call(document.querySelectorAll(".cell.selected"), function (b) { b.classList.remove("selected"); });
    button.classList.add("selected");
    update();
    byId("findings").scrollIntoView();
  }

  function fillSelect(id, label, values) {
    var select = byId(id);
    select.appendChild(el("option", { value: "", text: "all" }));
    values.forEach(function (v) { select.appendChild(el("option", { value: v[0], text: v[1] })); });
    select.addEventListener("change", function () { update(); });
  }

  function distinct(key) {
    var seen = {};
    findings.forEach(function (f) { seen[f[key]] = true; });
    return Object.keys(seen).sort().map(function (v) { return [v, v]; });
  }

  function filters() {
    fillSelect("f-severity", "Severity", ["critical", "high", "medium", "low"].map(function (s) { return [s, s]; }));
    fillSelect("f-status", "Status", [["FAIL", "FAIL"], ["ERROR", "ERROR"], ["PASS", "PASS"]]);
    fillSelect("f-provider", "Provider", data.coverage.providers.map(function (p) { return [p.provider, p.provider]; }));
    fillSelect("f-scope", "Scope", distinct("scope"));
    fillSelect("f-duty", "Duty", data.coverage.duties.map(function (d) { return [d.id, d.name]; }));
    fillSelect("f-state", "State", [["waived", "waived"], ["new", "new since the baseline"], ["unwaived", "not waived"]]);
    var timer = null;
    byId("search").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 120);
    });
    byId("reset").addEventListener("click", function () { resetFilters(); update(); });
  }

  function resetFilters() {
    state.requirement = null;
    ["f-severity", "f-status", "f-provider", "f-scope", "f-duty", "f-state"].forEach(function (id) { byId(id).value = ""; });
    byId("search").value = "";
  }

  function matches(f, want) {
    if (want.severity && f.severity !== want.severity) { return false; }
    if (want.status && f.status !== want.status) { return false; }
    if (want.provider && f.provider !== want.provider) { return false; }
    if (want.scope && f.scope !== want.scope) { return false; }
    if (want.duty && f.duty !== want.duty) { return false; }
    if (want.state === "waived" && !f.waiver) { return false; }
    if (want.state === "unwaived" && f.waiver) { return false; }
    if (want.state === "new" && f.state !== "new") { return false; }
    if (state.requirement && state.requirement.checks.indexOf(f.check) < 0) { return false; }
    return !want.text || f.search.indexOf(want.text) >= 0;
  }

  function update() {
    var want = { severity: byId("f-severity").value, status: byId("f-status").value, provider: byId("f-provider").value,
      scope: byId("f-scope").value, duty: byId("f-duty").value, state: byId("f-state").value,
      text: byId("search").value.trim().toLowerCase() };
    shown = findings.filter(function (f) { return matches(f, want); });
    var note = byId("requirement-filter");
    note.hidden = !state.requirement;
    note.textContent = state.requirement ? "Results of the checks covering " + state.requirement.label +
      " (Reset shows every result)" : "";
    state.page = 0;
    state.open = {};
    draw();
  }

  function draw() {
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    var first = state.page * PAGE;
    var rows = shown.slice(first, first + PAGE);
    var counts = byId("counts");
    counts.setAttribute("data-matching", String(shown.length));
    counts.textContent = shown.length ? "Showing " + (first + 1) + "-" + (first + rows.length) + " of " + shown.length +
      " matching results (" + findings.length + " in all)" : "No result matches (" + findings.length + " in all)";
    var body = el("tbody");
    rows.forEach(function (f) {
      var message = el("td", null, [el("span", { text: f.message })]);
      if (f.waiver) { message.appendChild(el("span", { cls: "tag", text: "waived" })); }
      if (f.state) { message.appendChild(el("span", { cls: "tag", text: f.state })); }
      var row = el("tr", { cls: "row", "data-fingerprint": f.fingerprint }, [
        el("td", null, [el("span", { cls: "sev sev-" + f.severity, text: f.severity })]),
        el("td", null, [el("span", { cls: "status status-" + f.status, text: f.status })]),
        el("td", { cls: "mono check", text: f.check }),
        el("td", { title: f.rid }, [el("span", { text: f.name })]),
        el("td", { cls: "mono scope", text: f.provider + " " + f.scope }),
        message]);
      row.addEventListener("click", function () { state.open[f.fingerprint] = !state.open[f.fingerprint]; draw(); });
      body.appendChild(row);
      if (state.open[f.fingerprint]) { body.appendChild(details(f)); }
    });
    var table = byId("findings");
    table.replaceChild(body, table.tBodies[0]);
    pager(pages);
  }

  function details(f) {
    function item(term, node) { return [el("dt", { text: term }), el("dd", null, [node])]; }
    var parts = [];
    parts = parts.concat(item("Check", el("span", { text: f.check + " - " + f.title })));
    parts = parts.concat(item("Resource", el("span", { cls: "mono", text: f.rid + " (" + f.type + ", " + (f.region || "global") + ")" })));
    parts = parts.concat(item("Customer duty", el("span", { text: f.duty_name + " (" + f.duty + "), " + f.service_model })));
    var citation = el("span", { text: f.model + ": \u201c" + f.layer + "\u201d " });
    if (/^https:\/\//.test(f.model_url)) {
      citation.appendChild(el("a", { href: f.model_url, rel: "noopener noreferrer", target: "_blank", text: f.model_url }));
    }
    parts = parts.concat(item("Shared responsibility", citation));
    parts = parts.concat(item("Controls", el("span", { text: f.controls.join("; ") || "none mapped" })));
    if (f.waiver) { parts = parts.concat(item("Waiver", el("span", { text: f.waiver }))); }
    parts = parts.concat(item("Why it matters", el("span", { text: f.rationale })));
    parts = parts.concat(item("Remediation", el("span", { text: f.remediation })));
    parts = parts.concat(item("Evidence", el("pre", { text: JSON.stringify(f.evidence, null, 2) })));
    return el("tr", { cls: "details" }, [el("td", { colspan: "6" }, [el("dl", null, parts)])]);
  }

  function pager(pages) {
    var nav = byId("pager");
    while (nav.firstChild) { nav.removeChild(nav.firstChild); }
    if (pages < 2) { return; }
    var previous = el("button", { type: "button", id: "previous", text: "\u2039 Previous" });
    var next = el("button", { type: "button", id: "next", text: "Next \u203a" });
    previous.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    previous.addEventListener("click", function () { state.page -= 1; draw(); });
    next.addEventListener("click", function () { state.page += 1; draw(); });
    nav.appendChild(previous);
    nav.appendChild(el("span", { text: "Page " + (state.page + 1) + " of " + pages }));
    nav.appendChild(next);
  }

  summary();
  matrix();
  compliance();
  filters();
  update();
  document.body.setAttribute("data-ready", "true");
}());
