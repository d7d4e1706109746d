/*
 * The record form's checks, live standing and forge links, over the data the build exported.
 *
 * checkRecord runs the validator's checks of one record (validate/records.py, validate/across.py,
 * pii.py, scalars.py) against the rosters and the actor's recent records, in the validator's own
 * words (CRRules.say). standing() says what the record would add to the actor's current periods,
 * from the build's compliance results and each rule's count filters as the engine evaluated them
 * (compliance/engine.py: types, guidance, days and target filters precomputed in Python). What the
 * form cannot know (names of sensitive students in the summary, Git history) is left to CI.
 */
(function (root, factory) {
  "use strict";
  var rules = typeof module === "object" && module.exports ? require("./form-rules.js") : root.CRRules;
  var api = factory(rules);
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.CRChecks = api;
  }
})(typeof self !== "undefined" ? self : this, function (CR) {
  "use strict";

  /** The exported data indexed once: `D` in every function below. */
  function prepare(data) {
    var D = {data: data, R: CR.compile(data.rules), people: {}, units: {}, targets: {}, types: {}};
    data.people.forEach(function (p) { D.people[p.id] = p; });
    data.units.forEach(function (u) { D.units[u.id] = u; });
    data.targets.forEach(function (t) { D.targets[t.id] = t; });
    data.policy.types.forEach(function (t) { D.types[t.id] = t; });
    D.related = {};
    data.targets.forEach(function (t) {
      (t.members || []).forEach(function (m) {
        (D.related[t.id] = D.related[t.id] || []).push(m);
        (D.related[m] = D.related[m] || []).push(t.id);
      });
    });
    return D;
  }

  function name(D, ref) {
    var found = D.people[ref] || D.units[ref] || D.targets[ref];
    return found ? found.name : ref;
  }

  /** Who a person may file for: themselves, the people they are liaison for, the units they are secretary of. */
  function actorsOf(D, filer) {
    var out = [filer];
    D.data.people.forEach(function (p) { if ((p.liaisons || []).indexOf(filer) >= 0) out.push(p.id); });
    D.data.units.forEach(function (u) { if (u.secretary === filer) out.push(u.id); });
    return out;
  }

  /** roster.assigned_on: the targets assigned to an actor on a day. */
  function assignedOn(D, actor, day) {
    var out = [];
    (D.data.assignments[actor] || []).forEach(function (a) {
      if ((!a[0] || a[0] <= day) && (!a[1] || day <= a[1])) out = out.concat(a[2]);
    });
    return out;
  }

  /** roster.assigned_or_related: a dorm's student counts as the dorm, and the other way round. */
  function assignedOrRelated(D, target, assigned) {
    if (assigned.indexOf(target) >= 0) return true;
    return (D.related[target] || []).some(function (r) { return assigned.indexOf(r) >= 0; });
  }

  function termOf(D, day) {
    var found = "no-term";
    D.data.terms.forEach(function (t) { if (t[1] <= day && day <= t[2]) found = t[0]; });
    return found;
  }

  // ------------------------------------------------------------------ checks

  function issue(field, said) {
    said.field = field;
    return said;
  }

  /** A schema message as the CLI prints it: “field”：message, with the inner message's code. */
  function fieldSays(D, field, error) {
    var inner = CR.say(D.R, error[0], error[1]);
    var outer = CR.say(D.R, "field-says", {field: field, message: inner.message});
    return issue(field, {key: inner.key, code: inner.code, severity: inner.severity, message: outer.message});
  }

  function missing(D, field, label, note) {
    return issue(field, CR.say(D.R, "field-missing", {field: label, about: D.data.rules.fields[note || label] || ""}));
  }

  function parsed(D, out, field, raw, parse) {
    if (!raw) return null;
    var result = parse(D.R, raw);
    if (result.error) { out.push(fieldSays(D, field, result.error)); return null; }
    return result.value;
  }

  function basics(D, input, out, today) {
    if (!input.by) out.push(missing(D, "by", "by"));
    if (!input.date) out.push(missing(D, "date", "date"));
    var date = parsed(D, out, "date", input.date, CR.parseDate);
    var start = parsed(D, out, "start", input.start, CR.parseTime);
    var end = parsed(D, out, "end", input.end, CR.parseTime);
    if (!input.type) out.push(missing(D, "type", "type"));
    if (!CR.clean(D.R, input.summary || "")) out.push(missing(D, "summary", "summary"));
    if (!D.R.re.slug.test(input.slug || "")) {
      var expected = "records/" + (date ? termOf(D, date) : "<学期>") + "/" + (input.by || "<你的标识>") + "/" +
        (date || input.date) + "-<简短英文名>.md";
      out.push(issue("slug", CR.say(D.R, "path-shape", {expected: expected, date: date || input.date})));
    }
    var person = D.people[input.by];
    if (date && date > today) out.push(issue("date", CR.say(D.R, "future", {date: date, today: today})));
    if (date && person && ((person.since && date < person.since) || (person.until && date > person.until))) {
      var span = (person.since || "……") + " 至 " + (person.until || "今");
      out.push(issue("date", CR.say(D.R, "not-in-post", {name: person.name, span: span, date: date})));
    }
    return {date: date, start: start, end: end, timesFailed: (input.start && !start) || (input.end && !end)};
  }

  function times(D, input, got, out) {
    var atype = D.types[input.type];
    if (!got.timesFailed && got.end && !got.start) out.push(issue("end", CR.say(D.R, "end-without-start", {})));
    else if (!got.timesFailed && got.start && got.end && got.end <= got.start) {
      out.push(issue("end", CR.say(D.R, "end-not-after-start", {end: got.end, start: got.start})));
    }
    if (!atype) return;
    if (atype.requires_duration && (!got.start || !got.end) && !got.timesFailed) {
      out.push(issue("type", CR.say(D.R, "duration-required", {type: atype.name})));
    }
    if (atype.face_to_face && !(input.targets || []).length) {
      out.push(issue("targets", CR.say(D.R, "empty-targets", {type: atype.name})));
    }
  }

  function visibilityOf(D, input) {
    var atype = D.types[input.type];
    return input.visibility || (atype ? atype.visibility : "internal");
  }

  function refs(D, input, got, out) {
    (input.with || []).forEach(function (w) {
      if (w === input.by) out.push(issue("with", CR.say(D.R, "with-self", {ref: w})));
    });
    if (visibilityOf(D, input) === "public") {
      (input.targets || []).forEach(function (t) {
        if (D.targets[t] && D.targets[t].sensitive) out.push(issue("targets", CR.say(D.R, "public-sensitive", {ref: t})));
      });
    }
    if (!got.date || !(D.people[input.by] || D.units[input.by])) return;
    var assigned = assignedOn(D, input.by, got.date);
    (input.targets || []).forEach(function (t) {
      if (!assignedOrRelated(D, t, assigned)) {
        out.push(issue("targets", CR.say(D.R, "unassigned-target", {ref: t, date: got.date, by: input.by})));
      }
    });
  }

  function problems(D, input, got, out) {
    (input.problems || []).forEach(function (p, i) {
      var label = "problems[" + (i + 1) + "]";
      if (!CR.clean(D.R, p.summary || "")) out.push(missing(D, label + ".summary", label + ".summary", "problems.summary"));
      var resolved = parsed(D, out, label + ".resolved", p.resolved, CR.parseDate);
      if (p.status === "resolved" && !p.resolved) out.push(issue(label + ".status", CR.say(D.R, "problem-no-resolved-date", {})));
      if (p.status !== "resolved" && resolved) {
        out.push(issue(label + ".resolved", CR.say(D.R, "problem-resolved-not-status", {resolved: resolved, status: p.status})));
      }
      if (resolved && got.date && resolved < got.date) {
        out.push(issue(label + ".resolved", CR.say(D.R, "problem-resolved-early", {resolved: resolved, date: got.date})));
      }
    });
  }

  /** pii.check_record, field by field: every ID-card or mobile number in the texts the record keeps. */
  function personal(D, input, out) {
    var fields = [["location", input.location], ["summary", input.summary]];
    (input.problems || []).forEach(function (p, i) {
      fields.push(["problems[" + (i + 1) + "].summary", p.summary], ["problems[" + (i + 1) + "].resolution", p.resolution]);
    });
    fields.forEach(function (f) {
      CR.hits(D.R, CR.clean(D.R, f[1] || "")).forEach(function (h) {
        out.push(issue(f[0], CR.say(D.R, "personal-data-field", {field: CR.quote(D.R, f[0]), kind: h.kind, masked: h.masked})));
      });
    });
    CR.hits(D.R, CR.clean(D.R, input.body || "")).forEach(function (h) {
      out.push(issue("body", CR.say(D.R, "personal-data-body", {kind: h.kind, masked: h.masked})));
    });
  }

  function late(D, got, out, today) {
    var filing = D.data.policy.filing;
    if (!filing || !got.date || (filing.checked_from && got.date < filing.checked_from)) return;
    var days = CR.daysBetween(got.date, today);
    if (days > filing.within_days) {
      out.push(issue("date", CR.say(D.R, "late", {date: got.date, filed: today, days: days, limit: filing.within_days})));
    }
  }

  function pathOf(D, by, r) {
    return "records/" + termOf(D, r[0]) + "/" + by + "/" + r[2];
  }

  function sameSet(a, b) {
    var x = a.slice().sort(), y = b.slice().sort();
    x = x.filter(function (v, i) { return x.indexOf(v) === i; });
    y = y.filter(function (v, i) { return y.indexOf(v) === i; });
    return x.length === y.length && x.every(function (v, i) { return v === y[i]; });
  }

  /**
   * validate/across.py against the actor's recent records (A.records: [date, type, file, targets, start, end]).
   * Like validate (ACROSS_FIELDS), a record whose date or times are unreadable is compared with nothing.
   */
  function across(D, A, input, got, path, out) {
    if (!A || !got.date || got.timesFailed || got.date < D.data.window_from) return;
    var day = A.records.filter(function (r) { return r[0] === got.date; });
    var file = path.slice(path.lastIndexOf("/") + 1);
    var dup = day.filter(function (r) { return r[1] === input.type && r[3] !== null && sameSet(r[3], input.targets || []); })[0];
    if (dup) out.push(issue("type", CR.say(D.R, "duplicate", {other: pathOf(D, input.by, dup)})));
    var atype = D.types[input.type], same = day.filter(function (r) { return r[1] === input.type; });
    if (atype && atype.max_per_day !== null && same.length + 1 > atype.max_per_day) {
      var files = same.map(function (r) { return r[2]; }).concat([file]).join(D.data.rules.list_separator);
      out.push(issue("type", CR.say(D.R, "over-quota", {type: atype.name, max: atype.max_per_day, date: got.date,
        count: same.length + 1, files: files})));
    }
    overlaps(D, input, got, day, path, out);
  }

  function overlaps(D, input, got, day, path, out) {
    if (!got.start || !got.end || got.end <= got.start) return;
    var timed = day.filter(function (r) { return r[4] && r[5]; }).map(function (r) {
      return {path: pathOf(D, input.by, r), start: r[4], end: r[5]};
    });
    timed.push({path: path, start: got.start, end: got.end, mine: true});
    timed.sort(function (a, b) {
      return a.start < b.start ? -1 : a.start > b.start ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
    });
    for (var i = 1; i < timed.length; i++) {
      var a = timed[i - 1], b = timed[i];
      if ((a.mine || b.mine) && b.start < a.end) {
        out.push(issue("start", CR.say(D.R, "overlap", {start: b.start, end: b.end, other: a.path,
          other_start: a.start, other_end: a.end})));
      }
    }
  }

  function fieldsOf(input, got) {
    return {
      by: input.by, date: got.date || input.date, start: got.start, end: got.end, type: input.type,
      targets: input.targets || [], "with": input["with"] || [], location: input.location, summary: input.summary,
      guidance: input.guidance || [], visibility: input.visibility || null,
      problems: (input.problems || []).map(function (p) {
        return {summary: p.summary, refer_to: p.refer_to || null, status: p.status || "open",
          resolved: p.resolved || null, resolution: p.resolution || null};
      })
    };
  }

  /**
   * Every finding for one record, errors and warnings, and the composed file.
   * input: {by, date, start, end, type, targets, with, location, summary, guidance, visibility,
   *         problems: [{summary, refer_to, status, resolved, resolution}], body, slug}
   * A: the actor's exported data or null; today: YYYY-MM-DD in the institution's zone.
   */
  function checkRecord(D, A, input, today) {
    var out = [];
    var got = basics(D, input, out, today);
    var path = CR.recordPath(D.data.terms, input.by || "", got.date || input.date || "", input.slug || input.type || "");
    refs(D, input, got, out);
    times(D, input, got, out);
    problems(D, input, got, out);
    personal(D, input, out);
    across(D, A, input, got, path, out);
    late(D, got, out, today);
    var fields = fieldsOf(input, got);
    return {
      issues: out,
      errors: out.filter(function (i) { return i.severity === "error"; }),
      path: path,
      text: CR.compose(D.R, fields, input.body || ""),
      date: got.date, start: got.start, end: got.end
    };
  }

  /** A file name for the record that no recent record of the actor on that day has. */
  function freeSlug(A, date, wanted) {
    var taken = (A ? A.records : []).filter(function (r) { return r[0] === date; }).map(function (r) { return r[2]; });
    var slug = wanted, n = 1;
    while (taken.indexOf(date + "-" + slug + ".md") >= 0) { n += 1; slug = wanted + "-" + n; }
    return slug;
  }

  // ------------------------------------------------------------------ live standing

  /** The engine's count filters (CountingEngine.filter) for one rule, the record filed by the actor (credit by `self` or `self-and-members`). */
  function counts(D, rule, actor, rec) {
    if (!rule.credited || rule.types.indexOf(rec.type) < 0) return false;
    if (rule.guidance.length && !rule.guidance.some(function (g) { return rec.guidance.indexOf(g) >= 0; })) return false;
    if (rule.days && rule.days.indexOf(rec.date) < 0) return false;
    if (!rule.targets_needed) return true;
    var assigned = rule.assigned_only ? assignedOn(D, actor, rec.date) : null;
    return rec.targets.some(function (t) {
      var entry = D.targets[t] || D.units[t];
      var matches = rule.filter === null || (entry && (entry.filters || []).indexOf(rule.filter) >= 0);
      return matches && (assigned === null || assignedOrRelated(D, t, assigned));
    });
  }

  function hoursOf(rec) {
    if (!rec.start || !rec.end) return 0;
    return Math.max((CR.minutes(rec.end) - CR.minutes(rec.start)) / 60, 0);
  }

  /**
   * The actor's results in the periods containing the record's date, before and after it.
   * rec: {type, date, targets, guidance, start, end}; rows in the order the build listed them.
   */
  function standing(D, A, rec) {
    if (!A || !rec.date) return [];
    var rows = [];
    A.standing.forEach(function (s) {
      if (rec.date < s.start || rec.date > s.end) return;
      var rule = D.data.count_rules[s.rule];
      var gain = rec.date <= s.until && counts(D, rule, A.id, rec) && (s.target === null || rec.targets.indexOf(s.target) >= 0);
      var achieved = s.achieved + (gain ? 1 : 0), hours = s.hours + (gain ? hoursOf(rec) : 0);
      var met = achieved >= s.required && hours + 1e-9 >= s.required_hours;
      rows.push({
        rule: rule, period: s.name, target: s.target, targetName: s.target ? name(D, s.target) : null,
        before: {achieved: s.achieved, hours: s.hours, status: s.status},
        after: {achieved: achieved, hours: hours, status: s.status === "exempt" ? "exempt" : met ? "met" : s.status},
        required: s.required, requiredHours: s.required_hours, gain: gain, shared: gain && rule.apart.length > 0
      });
    });
    return rows;
  }

  // ------------------------------------------------------------------ the forge's new-file page

  function segments(path) {
    return path.split("/").map(encodeURIComponent).join("/");
  }

  /**
   * The forge's new-file address for the record, or why the content must be copied instead.
   * forge: {kind, url, repository, branch, with_content, without_content, max_url} (templates from Python).
   * Returns {href, copy: whether the content goes through the clipboard, reason: null|"gitlab"|"too-long"|"none"}.
   */
  function forgeLink(forge, path, content) {
    if (!forge) return {href: null, copy: true, reason: "none"};
    var cut = path.lastIndexOf("/");
    var values = {url: forge.url.replace(/\/+$/, ""), repository: segments(forge.repository), branch: segments(forge.branch),
      path: encodeURIComponent(path), dir: segments(path.slice(0, cut)), name: encodeURIComponent(path.slice(cut + 1)),
      content: encodeURIComponent(content)};
    var fill = function (template) {
      return template.replace(/\{(\w+)\}/g, function (m, key) { return values[key]; });
    };
    if (!forge.with_content) return {href: fill(forge.without_content), copy: true, reason: "gitlab"};
    var href = fill(forge.with_content);
    if (href.length > forge.max_url) return {href: fill(forge.without_content), copy: true, reason: "too-long"};
    return {href: href, copy: false, reason: null};
  }

  return {
    prepare: prepare,
    name: name,
    actorsOf: actorsOf,
    assignedOn: assignedOn,
    checkRecord: checkRecord,
    freeSlug: freeSlug,
    counts: counts,
    standing: standing,
    forgeLink: forgeLink
  };
});
