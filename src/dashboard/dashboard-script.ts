/**
 * The dashboard's one script, inlined into index.html (no CDN, works from file://). It builds the
 * page from the JSON data block with textContent and setAttribute only, never innerHTML, so report
 * text (hostile: titles, log lines) can never become markup. Long lists show their first rows and a
 * button for the rest, so 10,000 decisions render about as fast as 100. `data-render-ms` on <body>
 * says how long building the page took (the browser test compares it across store sizes).
 *
 * Plain ES2017 in a string: it runs in the browser, not in Node (no bundler, no transpiler in between).
 */
export const DASHBOARD_SCRIPT = String.raw`(function () {
  'use strict';
  var started = performance.now();
  var data = JSON.parse(document.getElementById('ktriage-data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var COLORS = { 'known-bug-fix-available': '#c0392b', 'known-bug-fix-present': '#2874a6', 'known-bug-version-unknown': '#b9770e', 'possible-match': '#7d3c98', 'no-match': '#707b7c' };
  var FIRST_ROWS = 100;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, String(attrs[key]));
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    });
    return node;
  }
  function svg(tag, attrs, children) {
    var node = document.createElementNS(NS, tag);
    for (var key in attrs || {}) node.setAttribute(key, String(attrs[key]));
    (children || []).forEach(function (child) { node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child))); });
    return node;
  }
  // Only web links become links: a report URL like javascript:... stays text.
  function link(url, text) {
    return /^https?:\/\//i.test(url) ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, [text]) : el('span', {}, [text]);
  }
  function pct(x) { return (Math.round(x * 1000) / 10).toFixed(1) + '%'; }
  function conf(x) { return x === null ? '' : x.toFixed(2); }
  function colorOf(verdict) { return COLORS[verdict] || '#34495e'; }

  // A table body that shows its first rows and a button for the rest.
  function rows(tbody, items, make) {
    function add(from, to) { for (var i = from; i < to; i++) tbody.appendChild(make(items[i], i)); }
    add(0, Math.min(items.length, FIRST_ROWS));
    if (items.length <= FIRST_ROWS) return null;
    var button = el('button', { type: 'button', class: 'more' }, ['show all ' + items.length]);
    button.addEventListener('click', function () { add(FIRST_ROWS, items.length); button.remove(); });
    return button;
  }
  function section(id, title, intro) {
    var node = el('section', { id: id }, [el('h2', {}, [title])]);
    if (intro) node.appendChild(el('p', { class: 'intro' }, [intro]));
    document.getElementById('main').appendChild(node);
    return node;
  }
  function legend(verdicts) {
    return el('ul', { class: 'legend' }, verdicts.map(function (v) {
      var swatch = el('span', { class: 'swatch' });
      swatch.style.background = colorOf(v);
      return el('li', {}, [swatch, v]);
    }));
  }

  // Summary.
  var c = data.counts;
  document.getElementById('summary').appendChild(el('p', {}, [
    el('strong', { id: 'count-decisions' }, [c.decisions]), ' decisions on ', el('strong', { id: 'count-reports' }, [c.reports]), ' reports, ',
    el('strong', { id: 'count-feedback' }, [c.feedback]), ' pieces of feedback. Generated ' + data.generatedAt + ' from ' + data.store + '.'
  ]));

  // 1. Reports triaged over time, by verdict: stacked bars, and the numbers in a table.
  var over = section('over-time', 'Reports triaged over time', 'Decisions recorded per day (UTC), by verdict.');
  if (data.days.length === 0) over.appendChild(el('p', { class: 'empty' }, ['Nothing recorded yet.']));
  else {
    var max = Math.max.apply(null, data.days.map(function (d) { return data.verdicts.reduce(function (s, v) { return s + d.counts[v]; }, 0); }));
    var bar = Math.max(2, Math.min(24, Math.floor(900 / data.days.length)));
    var width = 50 + data.days.length * bar, height = 220, top = 10, plot = 180;
    var chart = svg('svg', { id: 'verdict-chart', viewBox: '0 0 ' + width + ' ' + height, width: '100%', height: height, role: 'img', 'aria-label': 'decisions per day by verdict' });
    chart.appendChild(svg('text', { x: 0, y: top + 10, class: 'axis' }, [max]));
    chart.appendChild(svg('text', { x: 0, y: top + plot, class: 'axis' }, ['0']));
    data.days.forEach(function (d, i) {
      var y = top + plot;
      data.verdicts.forEach(function (v) {
        var n = d.counts[v];
        if (n === 0) return;
        var h = plot * n / max;
        y -= h;
        chart.appendChild(svg('rect', { x: 50 + i * bar, y: y, width: Math.max(1, bar - 1), height: h, fill: colorOf(v), 'data-day': d.day, 'data-verdict': v, 'data-count': n }, [svg('title', {}, [d.day + ' ' + v + ': ' + n])]));
      });
      if (i === 0 || i === data.days.length - 1) chart.appendChild(svg('text', { x: 50 + i * bar, y: height - 8, class: 'axis', 'text-anchor': i === 0 ? 'start' : 'end' }, [d.day]));
    });
    over.appendChild(chart);
    over.appendChild(legend(data.verdicts));
    var dayHead = el('tr', {}, [el('th', {}, ['day'])].concat(data.verdicts.map(function (v) { return el('th', {}, [v]); })));
    var dayBody = el('tbody');
    var details = el('details', {}, [el('summary', {}, ['the numbers per day']), el('table', { id: 'verdict-table' }, [el('thead', {}, [dayHead]), dayBody])]);
    var moreDays = rows(dayBody, data.days, function (d) {
      return el('tr', { 'data-day': d.day }, [el('td', {}, [d.day])].concat(data.verdicts.map(function (v) { return el('td', { 'data-verdict': v, class: 'num' }, [d.counts[v]]); })));
    });
    if (moreDays) details.appendChild(moreDays);
    over.appendChild(details);
  }

  // 2. Rules: fires and precision (chart of the most-fired, then every rule in a table).
  var rules = section('rules', 'Rules: fires and precision', 'Fires: reports where the rule was the best match. Precision: the share of those not marked wrong (feedback: /ktriage wrong, ktriage: wrong). Confirmed: marked correct or closed as a duplicate of the suggested bug. Resolved: reports the tracker resolved (any resolution; not counted in precision).');
  if (data.rules.length === 0) rules.appendChild(el('p', { class: 'empty' }, ['No rule has fired yet.']));
  else {
    var shown = data.rules.slice(0, 25), rowH = 18, labelW = 320, barW = 360;
    var maxFires = Math.max.apply(null, shown.map(function (r) { return r.fires; }));
    var pchart = svg('svg', { id: 'precision-chart', viewBox: '0 0 ' + (labelW + barW + 170) + ' ' + (shown.length * rowH + 10), width: '100%', role: 'img', 'aria-label': 'fires and precision of the most-fired rules' });
    shown.forEach(function (r, i) {
      var y = 5 + i * rowH, w = barW * r.fires / maxFires;
      pchart.appendChild(svg('text', { x: labelW - 6, y: y + 12, 'text-anchor': 'end', class: 'label' }, [r.ruleId.length > 48 ? r.ruleId.slice(0, 47) + '\u2026' : r.ruleId]));
      pchart.appendChild(svg('rect', { x: labelW, y: y + 2, width: Math.max(1, w), height: rowH - 5, fill: '#d5d8dc' }, [svg('title', {}, [r.ruleId + ': ' + r.fires + ' fires'])]));
      pchart.appendChild(svg('rect', { x: labelW, y: y + 2, width: Math.max(r.precision > 0 ? 1 : 0, w * r.precision), height: rowH - 5, fill: r.precision >= 0.9 ? '#1e8449' : r.precision >= 0.6 ? '#b9770e' : '#c0392b', 'data-rule': r.ruleId, 'data-precision': r.precision }, [svg('title', {}, [r.ruleId + ': precision ' + pct(r.precision)])]));
      pchart.appendChild(svg('text', { x: labelW + Math.max(1, w) + 6, y: y + 12, class: 'label' }, [r.fires + ' fires, ' + pct(r.precision)]));
    });
    rules.appendChild(pchart);
    var ruleBody = el('tbody');
    var ruleTable = el('table', { id: 'rule-table' }, [el('thead', {}, [el('tr', {}, ['rule', 'source', 'fires', 'wrong', 'confirmed', 'resolved', 'precision'].map(function (h) { return el('th', {}, [h]); }))]), ruleBody]);
    var moreRules = rows(ruleBody, data.rules, function (r) {
      return el('tr', { 'data-rule': r.ruleId }, [el('td', {}, [r.ruleId]), el('td', {}, [r.source || '']), el('td', { class: 'num fires' }, [r.fires]), el('td', { class: 'num wrong' }, [r.wrong]), el('td', { class: 'num confirmed' }, [r.confirmed]), el('td', { class: 'num resolved' }, [r.resolved]), el('td', { class: 'num precision', 'data-value': r.precision }, [pct(r.precision)])]);
    });
    rules.appendChild(ruleTable);
    if (moreRules) rules.appendChild(moreRules);
  }

  // 3. Reports to look at.
  var review = section('review', 'Reports to look at', 'Marked wrong by a maintainer, then latest decision below confidence ' + data.minConfidence + ', lowest first' + (data.reviewTotal > data.review.length ? ' (the first ' + data.review.length + ' of ' + data.reviewTotal + ')' : '') + '.');
  if (data.review.length === 0) review.appendChild(el('p', { class: 'empty' }, ['None.']));
  else {
    var reviewBody = el('tbody');
    var moreReview = rows(reviewBody, data.review, function (r) {
      return el('tr', { 'data-report': r.report }, [el('td', {}, [link(r.report, r.reportId)]), el('td', { class: 'title' }, [r.title]), el('td', {}, [r.verdict]), el('td', {}, [r.ruleId || '']), el('td', { class: 'num confidence' }, [conf(r.confidence)]), el('td', { class: 'marks' }, [r.wrongRules.length > 0 ? 'wrong: ' + r.wrongRules.join(', ') : r.feedback.join(', ')])]);
    });
    review.appendChild(el('table', { id: 'review-table' }, [el('thead', {}, [el('tr', {}, ['report', 'title', 'verdict', 'rule', 'confidence', 'feedback'].map(function (h) { return el('th', {}, [h]); }))]), reviewBody]));
    if (moreReview) review.appendChild(moreReview);
  }

  // 4. Unmatched clusters, largest first, each with a rule draft to copy.
  var un = section('clusters', 'Unmatched clusters', data.unmatched.total + ' reports matched no rule (' + data.unmatched.clustered + ' newest clustered): grouped by crash title, canonical key lines, stack frames, or similar text when there is no log. Largest first.');
  if (data.clusters.length === 0) un.appendChild(el('p', { class: 'empty' }, ['None.']));
  var list = el('ol', { id: 'cluster-list' });
  un.appendChild(list);
  var moreClusters = rows(list, data.clusters, function (k, i) {
    var reports = el('ul', { class: 'reports' }, k.reports.slice(0, 10).map(function (r) { return el('li', {}, [link(r.report, r.reportId), ' ', r.title]); }));
    if (k.size > k.reports.length) reports.appendChild(el('li', {}, ['and ' + (k.size - k.reports.length) + ' more']));
    var draftId = 'draft-' + i;
    var body = [el('h3', {}, [el('span', { class: 'size' }, [k.size]), ' ', el('span', { class: 'kind' }, [k.kind]), ' ', el('code', { class: 'key' }, [k.label])]), reports];
    if (k.draft !== null) {
      var pre = el('pre', { id: draftId, class: 'draft' }, [k.draft]);
      var copy = el('button', { type: 'button', class: 'copy' }, ['copy the draft']);
      copy.addEventListener('click', function () {
        var done = function () { copy.textContent = 'copied'; };
        // The clipboard API needs a secure context; from file:// select the text for Ctrl+C instead.
        if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(k.draft).then(done, function () { select(pre); });
        else select(pre);
      });
      body.push(el('details', { class: 'draft-box' }, [el('summary', {}, ['draft a rule']), el('p', { class: 'note' }, [k.draftNote]), copy, pre]));
    } else {
      var lines = [].concat(k.crashTitle ? ['crash: ' + k.crashTitle] : [], k.keyLines.map(function (l) { return 'log: ' + l; }), k.frames.length ? ['stack: ' + k.frames.join(', ')] : []);
      body.push(el('details', { class: 'draft-box' }, [el('summary', {}, ['draft a rule']), el('p', { class: 'note' }, [k.draftNote]), el('pre', { id: draftId, class: 'draft' }, [lines.join('\n') || '(no log lines: the reports are grouped by their words)'])]));
    }
    return el('li', { class: 'cluster', 'data-size': k.size, 'data-kind': k.kind }, body);
  });
  if (moreClusters) un.appendChild(moreClusters);

  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  document.body.setAttribute('data-render-ms', (performance.now() - started).toFixed(3));
  document.body.setAttribute('data-ready', 'true');
})();
`;
