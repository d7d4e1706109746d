/*
 * The record form (填报记录) on the internal site: builds the form into #cr-form, checks the record
 * as it is typed (CRChecks.checkRecord), shows what it adds to the actor's standing, and hands the
 * composed file to the forge's new-file page, a download or the clipboard. Every word it shows
 * comes from the exported data (generator/site/internal/form.py TEXTS and the validator's
 * messages); nothing leaves the page but the forge link the person clicks.
 */
(function () {
  "use strict";

  var mount = document.getElementById("cr-form");
  if (!mount || !window.CRChecks) return;

  var D = null, T = null, state = {filer: null, actor: null, all: false, actors: {}, failed: {}, touched: {},
    slugEdited: false, problems: []};
  var ui = {};

  function text(key, values) {
    return T[key].replace(/\{(\w+)\}/g, function (m, k) { return values && k in values ? String(values[k]) : m; });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function load(src, onload, onerror) {
    var script = el("script", {src: src});
    script.onload = onload || null;
    script.onerror = onerror || null;
    document.body.appendChild(script);
  }

  // ------------------------------------------------------------------ fields

  var counter = 0;

  function field(name, label, control, hint) {
    var id = control.id || (control.id = "cr-f-" + (++counter));
    return el("div", {"class": "cr-field", "data-field": name}, [
      el("label", {"for": id, text: label}), control, hint ? el("p", {"class": "cr-hint", text: hint}) : null,
      el("ul", {"class": "cr-field-issues"})
    ]);
  }

  function touch(name) {
    return function () { state.touched[name] = true; update(); };
  }

  function input(type, name, attrs) {
    var node = el("input", Object.assign({type: type, name: name}, attrs || {}));
    node.addEventListener("input", touch(name));
    node.addEventListener("change", touch(name));
    return node;
  }

  function select(name, options) {
    var node = el("select", {name: name});
    options.forEach(function (o) { node.appendChild(el("option", {value: o[0], text: o[1]})); });
    node.addEventListener("change", touch(name));
    return node;
  }

  function textarea(name, rows) {
    var node = el("textarea", {name: name, rows: rows});
    node.addEventListener("input", touch(name));
    return node;
  }

  // ------------------------------------------------------------------ pickers (names typed, ids kept)

  function matches(item, query) {
    return !query || item.name.toLowerCase().indexOf(query) >= 0 || item.id.indexOf(query) >= 0;
  }

  /** A text box that turns typed names into ids: suggestions (`first` ones on top), chips for picks. */
  function picker(name, label, hint, opts) {
    var box = el("input", {type: "text", autocomplete: "off", "aria-autocomplete": "list", "data-picker": name});
    var list = el("ul", {"class": "cr-suggestions", role: "listbox", hidden: ""});
    var chips = el("div", {"class": "cr-chips"});
    var wrap = field(name, label, box, hint);
    wrap.classList.add("cr-picker");
    wrap.insertBefore(chips, box);
    wrap.insertBefore(list, box.nextSibling);
    var p = {values: [], box: box, wrap: wrap, opts: opts};

    function pick(id) {
      p.values = opts.multiple ? p.values.filter(function (v) { return v !== id; }).concat([id]) : [id];
      box.value = "";
      list.hidden = true;
      state.touched[name] = true;
      drawChips();
      if (opts.onPick) opts.onPick(id);
      update();
    }

    function drawChips() {
      chips.textContent = "";
      p.values.forEach(function (id) {
        var remove = el("button", {type: "button", "class": "cr-chip-remove", "aria-label": T.remove + " " + id, text: "×"});
        remove.addEventListener("click", function () {
          p.values = p.values.filter(function (v) { return v !== id; });
          drawChips();
          update();
        });
        chips.appendChild(el("span", {"class": "cr-chip", "data-id": id}, [opts.label(id), " ", el("code", {text: id}), remove]));
      });
    }

    function suggest() {
      var query = box.value.trim().toLowerCase(), first = opts.first ? opts.first() : [], items = opts.items();
      var top = items.filter(function (i) { return first.indexOf(i.id) >= 0 && matches(i, query); });
      var rest = query ? items.filter(function (i) { return first.indexOf(i.id) < 0 && matches(i, query); }) : [];
      list.textContent = "";
      var shown = 0;
      [[top, T.assigned], [rest, T.others]].forEach(function (group) {
        if (!group[0].length || shown >= 12) return;
        if (first.length) list.appendChild(el("li", {"class": "cr-suggest-group", text: group[1]}));
        group[0].slice(0, 12 - shown).forEach(function (item) {
          var button = el("button", {type: "button", "data-id": item.id}, [item.name, " ", el("small", {text: item.detail})]);
          button.addEventListener("mousedown", function (e) { e.preventDefault(); });
          button.addEventListener("click", function () { pick(item.id); });
          list.appendChild(el("li", {role: "option"}, [button]));
          shown += 1;
        });
      });
      list.hidden = shown === 0 || document.activeElement !== box;
      p.first = list.querySelector("button[data-id]");
    }

    box.addEventListener("input", function () { suggest(); update(); });
    box.addEventListener("focus", suggest);
    box.addEventListener("blur", function () { setTimeout(function () { list.hidden = true; }, 150); });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        if (p.first) pick(p.first.getAttribute("data-id"));
      } else if (e.key === "Escape") {
        list.hidden = true;
      }
    });
    p.set = function (values) { p.values = values; drawChips(); };
    p.pending = function () { return box.value.trim(); };
    return p;
  }

  function personItem(p) {
    return {id: p.id, name: p.name, detail: (p.title ? p.title + " · " : "") + p.id};
  }

  function contactItems() {
    var kinds = D.data.labels.kinds;
    return D.data.targets.concat(D.data.units).map(function (t) {
      return {id: t.id, name: t.name, detail: (kinds[t.kind] || t.kind) + " · " + t.id};
    });
  }

  function chipLabel(ref) {
    return CRChecks.name(D, ref);
  }

  // ------------------------------------------------------------------ the form

  function actorOptions() {
    ui.actor.textContent = "";
    if (!state.filer && !state.all) return;
    var ids = state.all ? D.data.people.map(function (p) { return p.id; }).concat(D.data.units.map(function (u) { return u.id; }))
      : CRChecks.actorsOf(D, state.filer);
    ids.forEach(function (id) {
      var note = id === state.filer ? T.actor_self : D.units[id] ? T.actor_unit : T.actor_liaison;
      ui.actor.appendChild(el("option", {value: id, text: CRChecks.name(D, id) + "（" + id + "）" + note}));
    });
    if (state.filer && ids.indexOf(state.filer) >= 0) ui.actor.value = state.filer;
    chooseActor(ui.actor.value);
  }

  function chooseActor(id) {
    state.actor = id || null;
    if (id && !state.actors[id] && !state.failed[id]) {
      load(mount.getAttribute("data-actors") + id + ".js", null, function () { state.failed[id] = true; update(); });
    }
    update();
  }

  function typeOptions() {
    return [["", T.type_choose]].concat(D.data.policy.types.map(function (t) { return [t.id, t.name]; }));
  }

  function visibilityOptions() {
    var labels = D.data.labels.visibility, atype = D.types[ui.type.value];
    var first = [["", text("visibility_default", {label: labels[atype ? atype.visibility : "internal"]})]];
    return first.concat(["public", "internal", "restricted"].map(function (v) { return [v, labels[v]]; }));
  }

  function problemRow() {
    var row = {status: select("problem", Object.keys(D.data.labels.problem_status).map(function (k) {
      return [k, D.data.labels.problem_status[k]];
    }))};
    var index = state.problems.length + 1, base = "problems[" + index + "]";
    row.summary = textarea("problem", 2);
    row.refer = picker(base + ".refer_to", T.problem_refer, null, {multiple: false, label: chipLabel,
      items: function () { return D.data.units.map(function (u) { return {id: u.id, name: u.name, detail: u.id}; }); }});
    row.resolved = input("date", "problem");
    row.resolution = input("text", "problem");
    var remove = el("button", {type: "button", "class": "md-button cr-small", text: T.problem_remove});
    row.node = el("fieldset", {"class": "cr-problem"}, [
      field(base + ".summary", T.problem_summary, row.summary), row.refer.wrap, field(base + ".status", T.problem_status, row.status),
      field(base + ".resolved", T.problem_resolved, row.resolved), field(base + ".resolution", T.problem_resolution, row.resolution),
      remove
    ]);
    remove.addEventListener("click", function () {
      state.problems = state.problems.filter(function (r) { return r !== row; });
      row.node.remove();
      update();
    });
    state.problems.push(row);
    ui.problems.appendChild(row.node);
    update();
  }

  function build() {
    mount.textContent = "";
    ui.filer = picker("filer", T.filer, T.filer_hint, {multiple: false, label: chipLabel,
      items: function () { return D.data.people.map(personItem); },
      onPick: function (id) { state.filer = id; actorOptions(); }});
    ui.actor = el("select", {name: "actor"});
    ui.actor.addEventListener("change", function () { chooseActor(ui.actor.value); });
    ui.all = el("input", {type: "checkbox"});
    ui.all.addEventListener("change", function () { state.all = ui.all.checked; actorOptions(); });
    ui.date = input("date", "date", {max: today()});
    ui.date.value = D.data.default_date || today();
    ui.start = input("time", "start", {step: 60});
    ui.end = input("time", "end", {step: 60});
    ui.type = select("type", typeOptions());
    ui.type.addEventListener("change", function () { refreshVisibility(); });
    ui.targets = picker("targets", T.targets, T.targets_hint, {multiple: true, label: chipLabel, items: contactItems,
      first: function () { return state.actor && ui.date.value ? CRChecks.assignedOn(D, state.actor, ui.date.value) : []; }});
    ui["with"] = picker("with", T["with"], T.with_hint, {multiple: true, label: chipLabel,
      items: function () { return D.data.people.map(personItem); }});
    ui.location = input("text", "location");
    ui.summary = textarea("summary", 3);
    ui.visibility = select("visibility", visibilityOptions());
    ui.body = textarea("body", 4);
    ui.slug = input("text", "slug", {autocapitalize: "off", spellcheck: "false"});
    ui.slug.addEventListener("input", function () { state.slugEdited = true; });
    ui.problems = el("div", {"class": "cr-problems"});
    var addProblem = el("button", {type: "button", "class": "md-button cr-small", text: T.problem_add});
    addProblem.addEventListener("click", problemRow);
    ui.guidance = D.data.policy.guidance.map(function (g) {
      var box = el("input", {type: "checkbox", value: g});
      box.addEventListener("change", update);
      return el("label", {"class": "cr-check"}, [box, g]);
    });
    ui.issues = el("div", {"class": "cr-issues", "aria-live": "polite"});
    ui.standing = el("div", {"class": "cr-standing", "aria-live": "polite"});
    ui.gains = el("div", {"class": "cr-gains", "aria-hidden": "true"});  // the standing's changes, beside the fields on a phone
    ui.output = el("div", {"class": "cr-output"});

    var fields = el("div", {"class": "cr-fields"}, [
      ui.filer.wrap,
      field("by", T.actor, ui.actor),
      el("label", {"class": "cr-check cr-all"}, [ui.all, T.all_actors]),
      field("date", T.date, ui.date),
      el("div", {"class": "cr-row"}, [field("start", T.start, ui.start), field("end", T.end, ui.end)]),
      el("p", {"class": "cr-hint", text: T.times_hint}),
      field("type", T.type, ui.type),
      ui.targets.wrap, ui.gains, ui["with"].wrap,
      field("location", T.location, ui.location),
      field("summary", T.summary, ui.summary, T.summary_hint),
      ui.guidance.length ? el("fieldset", {"class": "cr-field cr-guidance", "data-field": "guidance"},
        [el("legend", {text: T.guidance})].concat(ui.guidance)) : null,
      field("visibility", T.visibility, ui.visibility),
      el("fieldset", {"class": "cr-field"}, [el("legend", {text: T.problems}), ui.problems, addProblem]),
      field("body", T.body, ui.body),
      el("details", {"class": "cr-more"}, [el("summary", {text: T.more}), field("slug", T.slug, ui.slug)])
    ]);
    var side = el("aside", {"class": "cr-side"}, [el("h2", {text: T.standing}), ui.standing]);
    mount.appendChild(el("div", {"class": "cr-layout"}, [el("form", {"class": "cr-record", novalidate: ""}, [fields]), side]));
    mount.appendChild(el("h2", {text: T.issues}));
    mount.appendChild(ui.issues);
    mount.appendChild(el("h2", {text: T.result}));
    mount.appendChild(ui.output);
    mount.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); });
    update();
  }

  function refreshVisibility() {
    var chosen = ui.visibility.value;
    ui.visibility.textContent = "";
    visibilityOptions().forEach(function (o) { ui.visibility.appendChild(el("option", {value: o[0], text: o[1]})); });
    ui.visibility.value = chosen;
    update();
  }

  function today() {
    return CRRules.todayIn(D.data.timezone);
  }

  // ------------------------------------------------------------------ checking and showing

  function gather() {
    var A = state.actors[state.actor] || null;
    var slug = ui.slug.value;
    if (!state.slugEdited) {
      slug = ui.type.value ? CRChecks.freeSlug(A, ui.date.value, ui.type.value) : "";
      ui.slug.value = slug;
    }
    return {
      by: state.actor || "", date: ui.date.value, start: ui.start.value, end: ui.end.value, type: ui.type.value,
      targets: ui.targets.values.slice(), "with": ui["with"].values.slice(), location: ui.location.value,
      summary: ui.summary.value, body: ui.body.value, slug: slug,
      guidance: ui.guidance.map(function (l) { return l.firstChild; }).filter(function (b) { return b.checked; })
        .map(function (b) { return b.value; }),
      visibility: ui.visibility.value,
      problems: state.problems.map(function (r) {
        return {summary: r.summary.value, refer_to: r.refer.values[0] || null, status: r.status.value,
          resolved: r.resolved.value, resolution: r.resolution.value};
      })
    };
  }

  /** What the pickers still hold unpicked: a name typed but not chosen is not in the record. */
  function pending() {
    var out = [];
    [["filer", ui.filer], ["targets", ui.targets], ["with", ui["with"]]].concat(state.problems.map(function (r, i) {
      return ["problems[" + (i + 1) + "].refer_to", r.refer];
    })).forEach(function (f) {
      if (f[1].pending()) out.push({field: f[0], severity: "error", code: "", message: text("no_match", {value: f[1].pending()})});
    });
    return out;
  }

  function shown(issue) {
    return issue.key !== "field-missing" || state.touched[issue.field] || state.touched[issue.field.split(".")[0]];
  }

  function showIssues(issues) {
    mount.querySelectorAll(".cr-field-issues").forEach(function (ul) { ul.textContent = ""; });
    ui.issues.textContent = "";
    var errors = issues.filter(function (i) { return i.severity === "error"; });
    var warnings = issues.filter(function (i) { return i.severity !== "error"; });
    issues.filter(shown).forEach(function (i) {
      var wrap = mount.querySelector('[data-field="' + i.field + '"] .cr-field-issues');
      if (wrap) wrap.appendChild(el("li", {"class": "cr-" + i.severity, text: i.message}));
    });
    if (!errors.length && !warnings.length) {
      ui.issues.appendChild(el("p", {"class": "cr-ok", text: T.issues_none}));
    }
    [[errors, T.errors, "error"], [warnings, T.warnings, "warning"]].forEach(function (g) {
      if (!g[0].length) return;
      ui.issues.appendChild(el("p", {text: g[1]}));
      ui.issues.appendChild(el("ul", {"class": "cr-issue-list cr-" + g[2]}, g[0].map(function (i) {
        return el("li", {"data-code": i.code}, [i.code ? el("code", {text: i.code}) : null, i.code ? " " : null, i.message]);
      })));
    });
    ui.issues.appendChild(el("p", {"class": "cr-hint", text: T.limits}));
  }

  function amount(n, hours, required, requiredHours) {
    var out = n + "/" + required + " " + T.times;
    if (requiredHours) out += "，" + (Math.round(hours * 10) / 10) + "/" + requiredHours + " " + T.hours;
    return out;
  }

  function badge(status) {
    return el("span", {"class": "cr-badge cr-" + status, text: D.data.labels.status[status] || status});
  }

  function showStanding(rows) {
    ui.standing.textContent = "";
    ui.gains.textContent = "";
    rows.filter(function (r) { return r.gain; }).forEach(function (r) {
      ui.gains.appendChild(el("p", {}, [T.standing_gain + "：" + r.rule.title + " " + r.before.achieved + "/" + r.required +
        " → " + r.after.achieved + "/" + r.required + " ", badge(r.after.status)]));
    });
    if (!rows.length) {
      var empty = state.actor && ui.date.value ? text("standing_empty", {as_of: D.data.as_of}) : T.standing_none;
      ui.standing.appendChild(el("p", {"class": "cr-hint", text: empty}));
    }
    var ordered = rows.filter(function (r) { return r.gain; }).concat(rows.filter(function (r) { return !r.gain; }));
    ordered.forEach(function (r) {
      var before = amount(r.before.achieved, r.before.hours, r.required, r.requiredHours);
      var after = amount(r.after.achieved, r.after.hours, r.required, r.requiredHours);
      var title = r.rule.title + (r.targetName ? "（" + r.targetName + "）" : "");
      ui.standing.appendChild(el("div", {"class": "cr-standing-row" + (r.gain ? " cr-gain" : ""), "data-rule": r.rule.id}, [
        el("div", {"class": "cr-standing-title", text: title}),
        el("div", {"class": "cr-standing-period", text: r.period}),
        el("div", {"class": "cr-standing-count"}, r.gain ? [before, " → ", el("strong", {text: after}), " ", badge(r.after.status)]
          : [before, " ", badge(r.before.status)]),
        r.shared ? el("div", {"class": "cr-hint", text: text("standing_shared", {rules: r.rule.apart.join("、")})}) : null
      ]));
    });
    ui.standing.appendChild(el("p", {"class": "cr-hint", text: text("standing_as_of", {as_of: D.data.as_of})}));
  }

  function actionButton(label, onClick) {
    var b = el("button", {type: "button", "class": "md-button", text: label});
    b.addEventListener("click", onClick);
    return b;
  }

  function showNext() {
    if (ui.output.querySelector(".cr-next")) return;
    ui.output.appendChild(el("div", {"class": "admonition tip cr-next"}, [
      el("p", {"class": "admonition-title", text: T.next_title}), el("p", {text: T.next}), el("p", {text: T.next_after}),
      el("p", {text: T.next_offline})
    ]));
  }

  function copyContent(content, note) {
    window.CRCopy(content, function (ok) { note.textContent = ok ? T.copied : T.copy_failed; });
  }

  function showOutput(result) {
    ui.output.textContent = "";
    var file = result.path.slice(result.path.lastIndexOf("/") + 1), forge = D.data.forge;
    var note = el("p", {"class": "cr-note", "aria-live": "polite"});
    var content = el("textarea", {"class": "cr-content", readonly: "", rows: Math.min(result.text.split("\n").length + 1, 24)});
    content.value = result.text;
    var link = CRChecks.forgeLink(forge, result.path, result.text);
    state.blob = URL.createObjectURL(new Blob([result.text], {type: "text/markdown;charset=utf-8"}));
    var download = el("a", {"class": "md-button", download: file, href: state.blob, text: T.download});
    download.addEventListener("click", showNext);
    var buttons = [download, actionButton(T.copy, function () { copyContent(result.text, note); showNext(); })];
    if (link.href) {
      var open = el("a", {"class": "md-button md-button--primary cr-forge", href: link.href, target: "_blank", rel: "noopener",
        "data-reason": link.reason || "", text: text(link.copy ? "open_forge_copy" : "open_forge", {forge: forge.label})});
      open.addEventListener("click", function () { if (link.copy) copyContent(result.text, note); showNext(); });
      buttons.unshift(open);
    }
    var reason = link.reason === "gitlab" ? T.forge_gitlab : link.reason === "too-long" ? T.forge_too_long
      : link.reason === "none" ? T.forge_none : null;
    ui.output.appendChild(el("p", {}, [T.path + "：", el("code", {"class": "cr-path", text: result.path})]));
    if (reason) ui.output.appendChild(el("p", {"class": "cr-reason", text: reason}));
    ui.output.appendChild(el("p", {"class": "cr-buttons"}, buttons));
    ui.output.appendChild(note);
    ui.output.appendChild(content);
  }

  function update() {
    if (!D || !ui.issues) return;
    var A = state.actors[state.actor] || null;
    var data = gather(), result = CRChecks.checkRecord(D, A, data, today());
    var issues = pending().concat(result.issues);
    showIssues(issues);
    showStanding(CRChecks.standing(D, A, {type: data.type, date: result.date, targets: data.targets,
      guidance: data.guidance, start: result.start, end: result.end}));
    if (state.blob) URL.revokeObjectURL(state.blob);
    state.blob = null;
    if (state.actor && !A && !state.failed[state.actor]) {
      ui.output.textContent = text("loading", {name: CRChecks.name(D, state.actor)});
    } else if (issues.some(function (i) { return i.severity === "error"; })) {
      ui.output.textContent = "";
      ui.output.appendChild(el("p", {"class": "cr-refused", text: T.errors.replace(/：$/, "。")}));
    } else {
      if (state.failed[state.actor]) ui.issues.appendChild(el("p", {"class": "cr-warning", text: text("load_failed",
        {name: CRChecks.name(D, state.actor)})}));
      showOutput(result);
    }
  }

  window.CRFormActor = function (data) {
    state.actors[data.id] = data;
    update();
  };

  function start() {
    if (!window.CRFormData) return;
    D = CRChecks.prepare(window.CRFormData);
    T = D.data.texts;
    build();
  }

  if (window.CRFormData) start();
  else load(mount.getAttribute("data-src"), start, null);
})();
