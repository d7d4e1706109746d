/*
 * The record form's rules: the validator's own messages, patterns and composer, run in the browser.
 *
 * Every message template, pattern and front-matter rule arrives as data generated from the Python
 * definitions (generator/site/internal/formrules.py); this file only interprets them, the same way
 * the Python code does, so a record the form accepts is a record `validate` accepts, in the same
 * words. Dates are calendar strings (YYYY-MM-DD) compared as text and never parsed into a Date:
 * "today" is read in the institution's time zone with Intl, so a browser in another zone (or UTC)
 * files the right day. No network, no dependencies; runs in a page (window.CRRules) and in Node.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.CRRules = api;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // ------------------------------------------------------------------ compiled rules

  /** The rule data with its patterns compiled once; `R` in every function below. */
  function compile(rules) {
    var re = {};
    Object.keys(rules.patterns).forEach(function (key) {
      re[key] = new RegExp("^(?:" + rules.patterns[key] + ")$", "u");
    });
    return {
      data: rules,
      re: re,
      src: rules.patterns,
      zeros: rules.digits.zeros,
      chinese: rules.digits.chinese,
      spaces: rules.compose.spaces
    };
  }

  function say(R, key, values) {
    var message = R.data.messages[key];
    if (!message) throw new Error("no message " + key);
    var text = message.template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g, function (m, name) {
      if (m === "{{") return "{";
      if (m === "}}") return "}";
      if (!values || !(name in values)) throw new Error("message " + key + " needs " + name);
      return String(values[name]);
    });
    return {key: key, code: message.code, severity: message.severity, message: text};
  }

  function codePoints(text) {
    return Array.from(text);
  }

  // ------------------------------------------------------------------ digits (pii._ascii_digits)

  function digitValue(R, ch) {
    if (ch === "X" || ch === "x" || ch === "\u00d7") return "X";
    if (Object.prototype.hasOwnProperty.call(R.chinese, ch)) return R.chinese[ch];
    var cp = ch.codePointAt(0), zeros = R.zeros, lo = 0, hi = zeros.length - 1, zero = 0;
    while (lo <= hi) {  // the largest zero at or below the code point
      var mid = (lo + hi) >> 1;
      if (zeros[mid] <= cp) { zero = zeros[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    var value = cp - zero;
    return value >= 0 && value <= 9 ? String(value) : "0";
  }

  function asciiDigits(R, group) {
    return codePoints(group).map(function (ch) { return digitValue(R, ch); }).join("");
  }

  function number(R, text) {
    return parseInt(asciiDigits(R, text), 10);
  }

  // ------------------------------------------------------------------ personal numbers (pii.py)

  function mask(R, digits) {
    if (digits.length === 13 && digits.slice(0, 2) === "86") digits = digits.slice(2);
    return digits.slice(0, 3) + "*".repeat(Math.max(digits.length - 7, 4)) + digits.slice(-4);
  }

  function kindOf(R, digits) {
    if (R.re.pii_id18.test(digits) || R.re.pii_id15.test(digits)) return R.data.pii.id_card;
    if (R.re.pii_mobile.test(digits)) return R.data.pii.mobile;
    return null;
  }

  function inRun(R, text, start, end, out) {
    var piece = text.slice(start, end), groups = [], m;
    var re = new RegExp(R.src.pii_group, "gu");
    while ((m = re.exec(piece)) !== null) {
      groups.push([start + m.index, start + m.index + m[0].length, asciiDigits(R, m[0])]);
    }
    var i = 0;
    while (i < groups.length) {
      var best = null, digits = "";
      for (var j = i; j < groups.length; j++) {
        digits += groups[j][2];
        if (digits.length > R.data.pii.longest || digits.slice(0, -1).indexOf("X") >= 0) break;
        var kind = kindOf(R, digits);
        if (kind) best = [j, kind];
      }
      if (best === null) { i += 1; continue; }
      var last = best[0];
      var first = groups[i][0] - 1 === start && text[start] === "+" ? groups[i][0] - 1 : groups[i][0];
      var joined = groups.slice(i, last + 1).map(function (g) { return g[2]; }).join("");
      out.push({kind: best[1], start: first, end: groups[last][1], masked: mask(R, joined)});
      i = last + 1;
    }
  }

  /** Every ID-card or mobile number in the text: {kind, start, end, masked}. */
  function hits(R, text) {
    var out = [], run, re = new RegExp(R.src.pii_run, "gu");
    while ((run = re.exec(text)) !== null) {
      if (codePoints(run[0]).length >= 11) inRun(R, text, run.index, run.index + run[0].length, out);
    }
    return out;
  }

  function redact(R, text) {
    var out = "", last = 0;
    hits(R, text).forEach(function (h) {
      out += text.slice(last, h.start) + h.masked;
      last = h.end;
    });
    return out + text.slice(last);
  }

  var INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u00ad]/gu;

  /** pii.quote: masked, invisible characters shown as <U+XXXX>, at most the limit. */
  function quote(R, value) {
    var text = redact(R, String(value)).replace(INVISIBLE, function (ch) {
      var hex = ch.codePointAt(0).toString(16).toUpperCase();
      return "<U+" + (hex.length < 4 ? "0000".slice(hex.length) + hex : hex) + ">";
    });
    var chars = codePoints(text), limit = R.data.pii.quote_limit;
    return chars.length <= limit ? text : chars.slice(0, limit).join("") + "…（共 " + chars.length + " 个字符）";
  }

  // ------------------------------------------------------------------ dates and times (scalars.py)

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  function leap(y) {
    return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  }

  function realDate(R, y, m, d, shown) {
    var years = R.data.years;
    if (y < years[0] || y > years[1]) {
      return {error: ["date-year", {value: quote(R, shown), year: y, lo: years[0], hi: years[1]}]};
    }
    var days = [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1]) {
      return {error: ["date-impossible", {value: quote(R, shown), year: y, month: m, day: d}]};
    }
    return {value: pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)};
  }

  /** scalars.parse_date on text: {value: "YYYY-MM-DD"} or {error: [key, values]}. */
  function parseDate(R, raw) {
    if (R.re.iso_date.test(raw)) {
      return realDate(R, +raw.slice(0, 4), +raw.slice(5, 7), +raw.slice(8, 10), raw);
    }
    var m = R.re.loose_date.exec(raw) || R.re.compact_date.exec(raw);
    if (m) {
      var y = number(R, m[1]), mo = number(R, m[2]), d = number(R, m[3]);
      var iso = pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2);
      var real = realDate(R, y, mo, d, raw);
      if (real.error) return real;
      return {error: ["date-spelling", {value: quote(R, raw), iso: iso}]};
    }
    return {error: ["date-not-a-date", {value: quote(R, raw)}]};
  }

  /** scalars.parse_time on text: {value: "HH:MM"} or {error: [key, values]}. */
  function parseTime(R, raw) {
    var m = R.re.time.exec(raw);
    if (m && number(R, m[1]) < 24 && number(R, m[2]) < 60) {
      var fixed = pad(number(R, m[1]), 2) + ":" + pad(number(R, m[2]), 2);
      if (raw !== fixed) return {error: ["time-spelling", {value: quote(R, raw), fixed: fixed}]};
      return {value: fixed};
    }
    return {error: ["time-not-a-time", {value: quote(R, raw)}]};
  }

  function minutes(hhmm) {
    return +hhmm.slice(0, 2) * 60 + +hhmm.slice(3, 5);
  }

  /** Whole days from one calendar date to another, on the calendar alone (no time zone). */
  function daysBetween(from, to) {
    var a = Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10));
    var b = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10));
    return Math.round((b - a) / 86400000);
  }

  /** Today's calendar date in a time zone, YYYY-MM-DD (`now` is a Date, for tests). */
  function todayIn(zone, now) {
    var parts = new Intl.DateTimeFormat("en-US", {timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"})
      .formatToParts(now || new Date());
    var get = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  // ------------------------------------------------------------------ composing (scaffold.compose)

  function strip(R, text) {
    var start = 0, end = text.length;
    while (start < end && R.spaces.indexOf(text[start]) >= 0) start++;
    while (end > start && R.spaces.indexOf(text[end - 1]) >= 0) end--;
    return text.slice(start, end);
  }

  function clean(R, text) {
    var dropped = new RegExp(R.src.dropped, "gu");
    return strip(R, String(text).replace(/\r\n/g, "\n").replace(/\r/g, "\n").replace(dropped, ""));
  }

  function textValue(R, value, inList) {
    var text = clean(R, value);
    return (inList ? R.re.plain_in_list : R.re.plain).test(text) ? text : JSON.stringify(text);
  }

  function scalar(R, style, value) {
    if (value === null || value === undefined) value = style === "ids" || style === "texts" ? [] : "";
    if (style === "time") return "\"" + value + "\"";
    if (style === "ids") return "[" + value.join(", ") + "]";
    if (style === "texts") return "[" + value.map(function (v) { return textValue(R, v, true); }).join(", ") + "]";
    return style === "text" ? textValue(R, value, false) : String(value);
  }

  function empty(R, value) {
    return value === null || value === undefined || (Array.isArray(value) && value.length === 0) ||
      (typeof value === "string" && clean(R, value) === "");
  }

  function problemLines(R, problem) {
    var entries = R.data.compose.problem_fields.filter(function (f) {
      return f[2] || !empty(R, problem[f[0]]);
    });
    return entries.map(function (f, i) {
      return (i === 0 ? "  - " : "    ") + f[0] + ": " + scalar(R, f[1], problem[f[0]]);
    });
  }

  /** The record file: front matter as scaffold.FRONT_MATTER writes it, then the body. */
  function compose(R, fields, body) {
    var lines = ["---"];
    R.data.compose.front_matter.forEach(function (f) {
      var key = f[0], style = f[1], always = f[2], value = fields[key];
      if (empty(R, value) && !always) return;
      if (style === "problems") {
        lines.push(key + ":");
        value.forEach(function (p) { lines = lines.concat(problemLines(R, p)); });
      } else {
        lines.push(key + ": " + scalar(R, style, value));
      }
    });
    var text = clean(R, body || "");
    lines.push("---");
    if (text) lines.push(text);
    lines.push("");
    return lines.join("\n");
  }

  /** scaffold.record_path: records/<term>/<actor>/<date>-<slug>.md. */
  function recordPath(terms, by, date, slug) {
    var term = "no-term";
    terms.forEach(function (t) { if (t[1] <= date && date <= t[2]) term = t[0]; });
    return "records/" + term + "/" + by + "/" + date + "-" + slug + ".md";
  }

  return {
    compile: compile,
    say: say,
    hits: hits,
    redact: redact,
    quote: quote,
    parseDate: parseDate,
    parseTime: parseTime,
    minutes: minutes,
    daysBetween: daysBetween,
    todayIn: todayIn,
    clean: clean,
    compose: compose,
    recordPath: recordPath
  };
});
