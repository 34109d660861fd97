// The shop dashboard: one fetch of /dashboard/api/overview with the HTTP Basic credentials the
// sign-in form keeps in sessionStorage (gone when the tab closes), like the agents' page. Charts are
// Apache ECharts (from its WebJar); each chart's figures are also in a table or its aria-label, and
// every value goes into the page as text, never HTML. Its backtest section posts the same request as
// POST /api/v1/backtests to /dashboard/api/backtests. Days are the shop's (the API counts them in
// its zone); times are shown in the shop's zone too, whatever the browser's.
(() => {
  'use strict';
  const KEY = 'cuifu.dashboard.basic';
  const AUTO_REFRESH_MS = 60_000;
  const $ = (id) => document.getElementById(id);
  const REASONS = {
    IMPULSE_COOLED: '冲动消费冷却 Impulse cooled off', INSUFFICIENT_BALANCE: '余额不足 Insufficient balance',
    CHEAPER_ELSEWHERE: '别家更便宜 Cheaper elsewhere', DISTRUST: '不信任店铺 Distrust', POOR_SERVICE: '服务态度差 Poor service',
    PRICE_NOT_AGREED: '价格没谈拢 Price not agreed', OUT_OF_STOCK: '缺货 Out of stock', SLOW_SERVICE: '服务慢 Slow service',
    PAYMENT_PROBLEM: '支付问题 Payment problem', FORGOT: '忘记付款 Forgot', CLOSED_BY_MISTAKE: '误关闭 Closed by mistake',
    TEST_ORDER: '测试订单 Test order', OTHER: '其他 Other'
  };
  const COLORS = ['#0d6efd', '#6f42c1', '#20c997', '#fd7e14', '#d63384', '#0dcaf0', '#198754', '#ffc107', '#6610f2', '#dc3545'];
  const HOLDOUT_COLOR = '#6c757d';
  let zone = 'UTC';
  let timer = null;

  function message(text, kind) {
    const box = $('message');
    box.textContent = text;
    box.className = 'alert alert-' + (kind || 'info');
    box.hidden = !text;
  }

  const pct = (x) => x == null ? '—' : (100 * x).toFixed(1) + '%';
  const money = (minor, currency) => (minor / 100).toFixed(2) + ' ' + currency;

  // "2026-12-08 07:50" in the shop's zone: built from parts so that no locale reorders them
  function dateTime(iso) {
    const parts = {};
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
    }).formatToParts(new Date(iso)).forEach((p) => { parts[p.type] = p.value; });
    return parts.year + '-' + parts.month + '-' + parts.day + ' ' + parts.hour + ':' + parts.minute + ' (' + zone + ')';
  }

  // ISO day arithmetic on the shop's calendar days (UTC midnight here is only a carrier)
  function minusDays(day, n) {
    const d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() - n);
    return d.toISOString().slice(0, 10);
  }

  function el(tag, attrs, text, parent) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      node.setAttribute(k, String(v));
    }
    if (text != null) {
      node.textContent = String(text);
    }
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  function row(body, cells, id) {
    const tr = el('tr', id ? { id } : {}, null, body);
    cells.forEach((c) => el('td', {}, c, tr));
  }

  // one ECharts instance per element, its option replaced (not merged) on every render
  function chart(node, option, label) {
    const instance = echarts.getInstanceByDom(node) || echarts.init(node);
    instance.setOption(Object.assign({ animation: false, textStyle: { fontFamily: 'inherit' } }, option), true);
    node.setAttribute('aria-label', label);
    node.dataset.summary = label;
    return instance;
  }

  // the range asked for (none at first: the API's default, 7 days to the shop's today) and the shop's today
  let range = {};

  async function load() {
    const params = new URLSearchParams();
    if (range.from) params.set('from', range.from);
    if (range.to) params.set('to', range.to);
    const response = await fetch('/dashboard/api/overview?' + params, {
      headers: { 'Authorization': 'Basic ' + sessionStorage.getItem(KEY), 'X-Requested-With': 'XMLHttpRequest' }
    });
    const json = await response.json().catch(() => null);
    if (response.status === 401) {
      signOut();
      throw new Error('用户名或密码错误 Wrong username or password.');
    }
    if (response.status === 403) {
      signOut();
      throw new Error('只有店铺管理员可以查看看板 Only a shop admin (SHOP_ADMIN) may see the dashboard.');
    }
    if (!response.ok) {
      const fields = (json && json.errors || []).map((e) => e.field + ': ' + e.message).join('; ');
      throw new Error((json && (json.detail || json.title)) + (fields ? ' ' + fields : ''));
    }
    render(json);
  }

  function render(data) {
    $('login-section').hidden = true;
    $('dashboard-section').hidden = false;
    $('logout').hidden = false;
    const who = $('whoami');
    who.hidden = false;
    who.textContent = data.displayName + ' (' + data.username + ') · ' + data.shopId;
    zone = data.timeZone;
    const m = data.metrics;
    range.from = m.from;
    range.to = m.to;
    range.today = data.today;
    $('from').value = m.from;
    $('to').value = m.to;
    for (const button of document.querySelectorAll('[data-days]')) {
      const days = Number(button.dataset.days);
      const on = m.to === data.today && m.from === minusDays(data.today, days - 1);
      button.classList.toggle('active', on);
      button.setAttribute('aria-pressed', String(on));
    }
    $('zone').textContent = '时区 Time zone: ' + zone + ' · 今天 today ' + data.today + ' · 按下单日统计 counted by the day orders were placed';
    $('updated').textContent = '更新于 Updated ' + dateTime(data.generatedAt);
    document.body.dataset.from = m.from;
    document.body.dataset.to = m.to;
    document.body.dataset.generatedAt = data.generatedAt;
    totals(m.days);
    experiments(data.experiments, data.experimentSeries, data.experimentHistory);
    lossChart(m.days);
    amountChart(m);
    reasonsChart(m.days);
    tables(m.days);
    backtestSetup(data);
    message('');
  }

  function sum(days, f) {
    return days.reduce((a, d) => a + f(d), 0);
  }

  function totals(days) {
    const placed = sum(days, (d) => d.placed);
    const closed = sum(days, (d) => d.closedUnpaid);
    const open = sum(days, (d) => d.openUnpaid);
    $('total-placed').textContent = placed;
    $('total-paid').textContent = sum(days, (d) => d.paid);
    $('total-closed').textContent = closed;
    $('total-open').textContent = open;
    $('total-loss-ratio').textContent = pct(placed - open ? closed / (placed - open) : null);
    $('total-loss-ratio-placed').textContent = '占全部下单 of all placed: ' + pct(placed ? closed / placed : null);
    $('total-reminded').textContent = sum(days, (d) => d.reminded);
    $('total-recovered').textContent = sum(days, (d) => d.recovered);
    const recovered = {};
    days.forEach((d) => d.amounts.forEach((a) => { recovered[a.currency] = (recovered[a.currency] || 0) + a.recovered; }));
    $('total-recovered-amount').textContent = Object.entries(recovered).map(([c, minor]) => money(minor, c)).join(' · ');
  }

  // A line and its 95% interval: the value as a line; the interval as a custom series whose items
  // are [day index, lower, upper], drawn as a whisker per day and a band to the next day. (Not a
  // stacked area: ECharts 5.3 stacks only values of one sign, and a lift's lower end is often negative.)
  function banded(id, name, color, points, value, interval) {
    const bounds = points.map((p, i) => p[interval] ? [i, p[interval].lower, p[interval].upper] : [i, null, null]);
    return [
      { id: id + ':value', name, type: 'line', data: points.map((p) => p[value]), color, showSymbol: points.length <= 31, z: 3 },
      { id: id + ':interval', name, type: 'custom', color, silent: true, tooltip: { show: false }, z: 1,
        encode: { x: 0, y: [1, 2] }, data: bounds,
        renderItem: (params, api) => {
          const i = params.dataIndex;
          const [, lo, hi] = bounds[i];
          if (lo == null) return null;
          const a = api.coord([i, lo]);
          const b = api.coord([i, hi]);
          const children = [{ type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: { stroke: color, lineWidth: 1, opacity: 0.6 } }];
          const next = bounds[i + 1];
          if (next && next[1] != null) {
            const c = api.coord([i + 1, next[2]]);
            const d = api.coord([i + 1, next[1]]);
            children.push({ type: 'polygon', shape: { points: [a, b, c, d] }, style: { fill: color, opacity: 0.15 } });
          }
          return { type: 'group', children };
        } }
    ];
  }

  // ECharts renders a formatter's string as HTML: every part is encoded, the <br> alone is markup
  function intervalTooltip(lines, value, interval) {
    return (params) => {
      const i = params[0].dataIndex;
      return [params[0].axisValue].concat(lines.map((line) => {
        const p = line.points[i];
        return line.id + ': ' + (p[value] == null ? '—' : pct(p[value]) + ' [' + pct(p[interval].lower) + '–' + pct(p[interval].upper) + ']')
          + ' · ' + p.recovered + '/' + p.sent + (p.pending ? ' · pending ' + p.pending : '');
      })).map(echarts.format.encodeHTML).join('<br>');
    };
  }

  const percentAxis = (extra) => Object.assign({ type: 'value', axisLabel: { formatter: (v) => Math.round(v * 1000) / 10 + '%' } }, extra || {});
  const dayAxis = (dates) => ({ type: 'category', data: dates, axisLabel: { formatter: (d) => d.slice(5), hideOverlap: true } });

  const interval = (i) => i == null ? '' : '[' + pct(i.lower) + '–' + pct(i.upper) + ']';
  // "[1.0%–9.0%] (always-valid 95%)": every interval with what it is, as the API labels it
  const labelled = (i) => i == null ? '—' : interval(i) + ' (' + i.kind + ')';
  const STATES = { ACTIVE: '进行中 active', PINNED: '已固定 pinned', RETIRED: '已停用 retired' };
  const CHANGES = {
    CREATED: '创建 created', ARM_PINNED: '固定 arm pinned', ARM_RETIRED: '停用 arm retired', WINNER_RECORDED: '记录胜出 winner recorded',
    AUTO_APPLIED: '自动应用 auto-applied', STOPPED: '停止 stopped'
  };
  const ACTORS = { API: '店铺 shop (API)', RULE: '规则 rule' };

  // A table of cells as text, each td carrying data-field so that a test can read one figure back.
  function table(parent, id, columns, rows) {
    const t = el('table', { id, class: 'table table-sm small mb-1' }, null, parent);
    const head = el('tr', {}, null, el('thead', {}, null, t));
    columns.forEach(([, label]) => el('th', {}, label, head));
    const body = el('tbody', {}, null, t);
    rows.forEach((r) => {
      const tr = el('tr', { 'data-row': r.key }, null, body);
      columns.forEach(([field]) => el('td', { 'data-field': field }, r[field] ?? '—', tr));
    });
    return t;
  }

  // The stored decision (the winner for good once recorded) with the evidence it was made on.
  function decision(div, e) {
    const d = e.decision;
    el('div', { id: 'winner-' + e.experimentId, class: d ? 'text-success' : 'text-body-secondary small' },
      d ? '胜出 Winner: ' + d.winner + ' · 记录于 recorded ' + dateTime(d.decidedAt)
        + (d.applied ? ' · 已自动应用 auto-applied: pinned, holdout lowered' : ' · 未自动应用 not auto-applied')
        : '尚无胜出 No winner yet (' + e.winnerRule + ')', div);
    el('div', { id: 'settings-' + e.experimentId, class: 'small text-body-secondary' },
      '对照组 holdout ' + pct(e.holdoutShare) + ' · 每组最少 minimum ' + e.minSamplePerArm + ' per arm · 归因窗口 attribution window '
        + e.attributionWindow + ' · 自动应用 auto-apply ' + (e.autoApply ? 'on (then holdout ' + pct(e.decayHoldoutShare) + ')' : 'off')
        + (e.liveLeader && d && e.liveLeader !== d.winner ? ' · 当前领先 live leader ' + e.liveLeader : ''), div);
    if (!d) {
      return;
    }
    const ev = d.evidence;
    const box = el('div', { id: 'decision-' + e.experimentId, class: 'small border-start border-success ps-2 mb-1' }, null, div);
    el('div', { 'data-field': 'evidence' }, '证据 Evidence at the decision: rate ' + pct(ev.rate) + ' · P(best) ' + pct(ev.probabilityBest)
      + ' · 领先 lead ' + labelled(ev.leadInterval) + ' · 提升 lift ' + (ev.lift == null ? '—' : pct(ev.lift) + ' ' + labelled(ev.liftInterval)), box);
    table(box, 'decision-counts-' + e.experimentId,
      [['id', '组 Arm'], ['settled', '已结算 Settled'], ['recovered', '挽回 Recovered'], ['pending', '待定 Pending']],
      ev.counts.map((c) => Object.assign({ key: c.id }, c)));
  }

  // Per arm and the holdout, intent to treat: assigned = excluded + settled + pending; reached (SMS sent) beside.
  function counts(div, e) {
    const rows = e.arms.map((a) => ({
      key: a.id, id: a.id, state: STATES[a.state] || a.state, assigned: a.assigned, excluded: a.excluded, reached: a.reached,
      pending: a.pending, settled: a.sent, recovered: a.recovered, rate: pct(a.rate) + ' ' + labelled(a.rateInterval),
      lift: a.lift == null ? '—' : pct(a.lift) + ' ' + labelled(a.liftInterval),
      alwaysValidLift: labelled(a.alwaysValidLiftInterval), lead: labelled(a.leadInterval), probabilityBest: pct(a.probabilityBest)
    }));
    const h = e.holdout;
    rows.push({ key: 'holdout', id: '对照 holdout', assigned: h.assigned, excluded: h.excluded, pending: h.pending, settled: h.orders,
      recovered: h.recovered, rate: h.orders > 0 ? pct(h.rate) + ' ' + labelled(h.rateInterval) : '—' });
    table(div, 'arms-' + e.experimentId, [
      ['id', '组 Arm'], ['state', '状态 State'], ['assigned', '分配 Assigned'], ['excluded', '排除 Excluded'], ['reached', '已发送 Reached'],
      ['pending', '待定 Pending'], ['settled', '已结算 Settled'], ['recovered', '挽回 Recovered'], ['rate', '挽回率 Rate'],
      ['lift', '提升 Lift'], ['alwaysValidLift', '提升 Lift (always-valid)'], ['lead', '领先 Lead'], ['probabilityBest', 'P(best)']
    ], rows);
    if (h.orders === 0) {
      el('div', { class: 'small text-body-secondary' }, '对照组为空 No holdout orders yet: lift cannot be measured', div);
    }
  }

  function history(div, e, entries) {
    el('div', { class: 'small fw-semibold' }, '历史 History', div);
    const list = el('ol', { id: 'history-' + e.experimentId, class: 'small mb-1' }, null, div);
    (entries || []).forEach((h) => el('li', { 'data-change': h.change },
      dateTime(h.at) + ' · ' + (CHANGES[h.change] || h.change) + ' · ' + (ACTORS[h.actor] || h.actor) + (h.detail ? ' · ' + h.detail : ''), list));
  }

  // One block per experiment: its stored decision and evidence, settings, per arm and holdout the
  // intent-to-treat counts with rates and lifts (each interval labelled fixed-sample or
  // always-valid), its history, and each arm's recovery and lift over time since it started.
  function experiments(list, series, histories) {
    const box = $('experiments');
    box.querySelectorAll('.chart').forEach((node) => echarts.dispose(node));
    if (!list.length) {
      box.replaceChildren(el('p', { class: 'text-body-secondary' }, '没有实验 No experiment yet.'));
      return;
    }
    box.replaceChildren();
    list.forEach((e, index) => {
      const s = series[index];
      const div = el('div', { id: 'experiment-' + e.experimentId, class: 'mb-3' }, null, box);
      el('div', { id: 'name-' + e.experimentId, class: 'fw-semibold' }, e.name + ' · 第' + e.tier + '层 tier ' + e.tier + (e.running ? '' : ' · 已停止 stopped'), div);
      el('div', { id: 'started-' + e.experimentId, class: 'small text-body-secondary' },
        '开始于 Started ' + dateTime(s.startedAt) + (s.stoppedAt ? ' · 停止于 stopped ' + dateTime(s.stoppedAt) : ''), div);
      decision(div, e);
      counts(div, e);
      history(div, e, histories[index]);
      const dates = s.holdout.points.map((p) => p.date);
      const row2 = el('div', { class: 'row g-2' }, null, div);
      const left = el('div', { class: 'col-lg-6' }, null, row2);
      const right = el('div', { class: 'col-lg-6' }, null, row2);
      el('div', { class: 'small fw-semibold', id: 'recovery-title-' + e.experimentId }, '累计挽回率 Cumulative recovery rate (95% Wilson, fixed-sample: valid for one look)', left);
      const recovery = el('div', { id: 'recovery-' + e.experimentId, class: 'chart', role: 'img' }, null, left);
      const lines = s.arms.concat(s.holdout.points.some((p) => p.sent > 0) ? [s.holdout] : []);
      chart(recovery, {
        tooltip: { trigger: 'axis', formatter: intervalTooltip(lines, 'rate', 'rateInterval') },
        legend: { data: lines.map((l) => l.id), top: 0 },
        grid: { left: 50, right: 16, top: 30, bottom: 30 },
        xAxis: dayAxis(dates),
        yAxis: percentAxis({ min: 0 }),
        series: lines.flatMap((l, i) => banded(l.id, l.id, l.id === 'holdout' ? HOLDOUT_COLOR : COLORS[i % COLORS.length], l.points, 'rate', 'rateInterval'))
      }, '累计挽回率 Cumulative recovery rate, ' + dates[dates.length - 1] + ': ' + lines.map((l) => {
        const p = l.points[l.points.length - 1];
        return l.id + ' ' + pct(p.rate) + (p.rateInterval ? ' [' + pct(p.rateInterval.lower) + '–' + pct(p.rateInterval.upper) + ']' : '') + ' ' + p.recovered + '/' + p.sent;
      }).join('; '));
      el('div', { class: 'small fw-semibold', id: 'lift-title-' + e.experimentId }, '相对对照组的提升 Lift over the holdout (95% Newcombe, fixed-sample: valid for one look)', right);
      const lift = el('div', { id: 'lift-' + e.experimentId, class: 'chart', role: 'img' }, null, right);
      const noLift = !s.arms.some((l) => l.points.some((p) => p.lift != null));
      chart(lift, {
        title: noLift ? { text: '对照组为空，无法计算提升 No holdout orders yet: no lift', left: 'center', top: 'middle',
          textStyle: { fontSize: 12, fontWeight: 'normal', color: HOLDOUT_COLOR } } : undefined,
        tooltip: { trigger: 'axis', formatter: intervalTooltip(s.arms, 'lift', 'liftInterval') },
        legend: { data: s.arms.map((l) => l.id), top: 0 },
        grid: { left: 50, right: 16, top: 30, bottom: 30 },
        xAxis: dayAxis(dates),
        yAxis: percentAxis(),
        series: s.arms.flatMap((l, i) => banded(l.id, l.id, COLORS[i % COLORS.length], l.points, 'lift', 'liftInterval'))
          .map((x, i) => i > 0 ? x : Object.assign(x, { markLine: { silent: true, symbol: 'none', label: { show: false },
            lineStyle: { color: HOLDOUT_COLOR, type: 'dashed' }, data: [{ yAxis: 0 }] } }))
      }, '相对对照组的提升 Lift over the holdout, ' + dates[dates.length - 1] + ': ' + s.arms.map((l) => {
        const p = l.points[l.points.length - 1];
        return l.id + ' ' + (p.lift == null ? '— (no holdout yet)' : pct(p.lift) + ' [' + pct(p.liftInterval.lower) + '–' + pct(p.liftInterval.upper) + ']');
      }).join('; '));
    });
  }

  // Per day: the orders by what became of them (still-open unpaid apart from closed unpaid, which
  // alone is a loss) as stacked bars, and the loss ratio among settled orders as a line.
  function lossChart(days) {
    const dates = days.map((d) => d.date);
    const bar = (id, name, color, f) => ({ id, name, type: 'bar', stack: 'orders', color, data: days.map(f), barMaxWidth: 28 });
    const last = days.filter((d) => d.placed > 0).pop();
    chart($('loss-chart'), {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 50, top: 30, bottom: 80 },
      xAxis: dayAxis(dates),
      yAxis: [{ type: 'value', minInterval: 1, name: '订单 orders' }, percentAxis({ min: 0, max: 1, name: '流失率 loss' })],
      series: [
        bar('closedUnpaid', '关闭未付 Closed unpaid', '#dc3545', (d) => d.closedUnpaid),
        bar('openUnpaid', '未到期 Still open', '#ffc107', (d) => d.openUnpaid),
        bar('overdueUnpaid', '逾期未关 Overdue, not closed', '#adb5bd', (d) => d.unpaid - d.openUnpaid),
        bar('paid', '付款 Paid', '#198754', (d) => d.paid),
        { id: 'settledLossRatio', name: '流失率 Loss ratio', type: 'line', yAxisIndex: 1, color: '#842029', connectNulls: false,
          data: days.map((d) => d.settledLossRatio), label: { show: days.length <= 10, formatter: (p) => pct(p.value), position: 'top',
            backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3], borderRadius: 2 },
          labelLayout: { hideOverlap: true } }
      ]
    }, '每日流失率 Daily loss ratio ' + dates[0] + '–' + dates[dates.length - 1] + (last
      ? '; ' + last.date + ': ' + pct(last.settledLossRatio) + ', ' + last.closedUnpaid + ' closed unpaid, ' + last.openUnpaid + ' still open of ' + last.placed
      : '; no orders'));
    const body = $('loss-table');
    body.replaceChildren();
    days.forEach((d) => row(body, [d.date, d.closedUnpaid, d.openUnpaid, d.unpaid - d.openUnpaid, d.paid, pct(d.settledLossRatio)], 'loss-' + d.date));
  }

  // The range's order amount per currency as one stacked bar: unpaid + paid + closed. Labels that
  // would overlap (a small segment's) are hidden; the legend, tooltip and table carry every figure.
  function amountChart(m) {
    $('amount-range').textContent = '(' + m.from + ' – ' + m.to + ')';
    const byCurrency = {};
    m.days.forEach((d) => d.amounts.forEach((a) => {
      const t = byCurrency[a.currency] || (byCurrency[a.currency] = { placed: 0, unpaid: 0, paid: 0, closed: 0, recovered: 0 });
      for (const k of Object.keys(t)) t[k] += a[k];
    }));
    const currencies = Object.keys(byCurrency).sort();
    const body = $('amounts');
    body.replaceChildren();
    currencies.forEach((c) => {
      const a = byCurrency[c];
      row(body, [c, money(a.unpaid, c), money(a.paid, c), money(a.closed, c), money(a.recovered, c)], 'amount-' + c);
    });
    const part = (id, name, color) => ({
      id, name, type: 'bar', stack: 'amount', color, barWidth: 26,
      data: currencies.map((c) => byCurrency[c][id] / 100),
      label: { show: true, position: 'inside', color: '#000', formatter: (p) => p.value ? p.value.toFixed(2) : '' },
      labelLayout: { hideOverlap: true }
    });
    const node = $('amount-chart');
    node.style.height = Math.max(90, 60 + 40 * currencies.length) + 'px';
    const instance = chart(node, {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 30, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: currencies.length ? currencies : ['—'] },
      series: [part('unpaid', '未付 Unpaid', '#ffc107'), part('paid', '已付 Paid', '#198754'), part('closed', '关闭 Closed', '#adb5bd')]
    }, '金额 Amount ' + m.from + '–' + m.to + ': ' + (currencies.length ? currencies.map((c) => {
      const a = byCurrency[c];
      return c + ' unpaid ' + (a.unpaid / 100).toFixed(2) + ', paid ' + (a.paid / 100).toFixed(2) + ', closed ' + (a.closed / 100).toFixed(2);
    }).join('; ') : 'no orders'));
    instance.resize();
  }

  // Loss reasons over the range, most frequent first.
  function reasonsChart(days) {
    const counts = {};
    days.forEach((d) => Object.entries(d.lossReasons).forEach(([r, n]) => { counts[r] = (counts[r] || 0) + n; }));
    const entries = Object.entries(counts).sort((p, q) => q[1] - p[1]);
    $('reasons-empty').hidden = entries.length > 0;
    const node = $('reasons-chart');
    node.hidden = entries.length === 0;
    const body = $('reasons');
    body.replaceChildren();
    entries.forEach(([reason, n]) => row(body, [REASONS[reason] || reason, n], 'reason-' + reason));
    if (!entries.length) {
      return;
    }
    node.style.height = (40 + 28 * entries.length) + 'px';
    const ordered = entries.slice().reverse();
    chart(node, {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 200, right: 30, top: 10, bottom: 20 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: ordered.map(([r]) => REASONS[r] || r) },
      series: [{ id: 'reasons', type: 'bar', color: '#dc3545', data: ordered.map(([, n]) => n), label: { show: true, position: 'right' } }]
    }, '流失原因 Loss reasons: ' + entries.map(([r, n]) => (REASONS[r] || r) + ' ' + n).join('; ')).resize();
  }

  function tables(days) {
    const channels = {};
    days.forEach((d) => d.channels.forEach((c) => {
      const t = channels[c.channel] || (channels[c.channel] = { reminded: 0, recovered: 0, amounts: {} });
      t.reminded += c.reminded;
      t.recovered += c.recovered;
      c.recoveredAmount.forEach((a) => { t.amounts[a.currency] = (t.amounts[a.currency] || 0) + a.minor; });
    }));
    const cb = $('channels');
    cb.replaceChildren();
    Object.entries(channels).forEach(([channel, t]) => row(cb, [channel, t.reminded, t.recovered,
      Object.entries(t.amounts).map(([c, minor]) => money(minor, c)).join(' · ')], 'channel-' + channel));
    const sb = $('service');
    sb.replaceChildren();
    for (const [key, label] of [['talked', '咨询过 Talked to service'], ['selfService', '自助下单 Self-service']]) {
      const placed = sum(days, (d) => d.customerService[key].placed);
      const closed = sum(days, (d) => d.customerService[key].closedUnpaid);
      row(sb, [label, placed, closed, pct(placed ? closed / placed : null)], 'service-' + key);
    }
    const db = $('days');
    db.replaceChildren();
    days.slice().reverse().forEach((d) => row(db,
      [d.date, d.placed, d.paid, d.closedUnpaid, d.unpaid, d.openUnpaid, pct(d.settledLossRatio), d.reminded, d.recovered], 'day-' + d.date));
  }

  // ---- Backtest: the shop's orders (an uploaded export or its stored orders of a range of days)
  // replayed through policy A and optionally B by POST /dashboard/api/backtests; the figures side
  // by side and the sends per hour of day. Every figure and every name goes in as text.

  const CHANNELS = { SMS: '短信 SMS', CHAT: '聊天 Chat', PHONE: '电话 Phone' };
  const count = (n) => Number(n).toLocaleString('en-US');
  const major = (amount, currency) => Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' ' + currency;
  const one = (x) => Number(x).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const hour = (h) => String(h).padStart(2, '0');
  let backtestShop = null;

  function backtestMessage(text, kind) {
    const box = $('bt-message');
    box.textContent = text;
    box.className = 'alert alert-' + (kind || 'info');
    box.hidden = !text;
  }

  // the zone's wall clock minus UTC at instant t, in ms
  function zoneOffset(t) {
    const p = {};
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'
    }).formatToParts(new Date(t)).forEach((x) => { p[x.type] = x.value; });
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - t;
  }

  // the instant a day of the shop's calendar begins (corrected twice, for a day a clock change starts)
  function startOfDay(day) {
    const midnight = Date.parse(day + 'T00:00:00Z');
    let t = midnight;
    for (let i = 0; i < 2; i++) t = midnight - zoneOffset(t);
    return new Date(t).toISOString();
  }

  async function loadPolicy() {
    const response = await fetch('/dashboard/api/policy', {
      headers: { 'Authorization': 'Basic ' + sessionStorage.getItem(KEY), 'X-Requested-With': 'XMLHttpRequest' }
    });
    if (!response.ok) {
      throw new Error('无法读取店铺策略 Could not read the shop\'s policy (HTTP ' + response.status + ').');
    }
    const stored = await response.json();
    $('bt-policy').value = JSON.stringify(stored.policy, null, 2);
  }

  // after each overview: the first time for this shop, its policy and the overview's range; always, its running experiments
  function backtestSetup(data) {
    if (backtestShop !== data.shopId) {
      backtestShop = data.shopId;
      $('bt-from').value = data.metrics.from;
      $('bt-to').value = data.metrics.to;
      $('bt-against').value = '';
      $('bt-result').hidden = true;
      backtestMessage('');
      loadPolicy().catch((e) => backtestMessage(e.message, 'warning'));
    }
    const select = $('bt-lift-source');
    const chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, '假设 Assumed'));
    data.experiments.filter((e) => e.running).forEach((e) =>
      el('option', { value: e.experimentId }, '实验测得 Measured by experiment #' + e.experimentId + ': ' + e.name, select));
    select.value = [...select.options].some((o) => o.value === chosen) ? chosen : '';
    $('bt-lift-group').hidden = select.value !== '';
  }

  function backtestSource() {
    const range = $('bt-source-range').checked;
    $('bt-file-group').hidden = range;
    $('bt-range-group').hidden = !range;
    $('bt-range-group-to').hidden = !range;
  }

  const jsonPart = (text) => new Blob([text], { type: 'application/json' });

  // a problem+json answer as one readable sentence: the detail, then each field (policy.* is A's, against.* B's)
  function problemText(response, json) {
    if (response.status === 429) {
      const wait = response.headers.get('Retry-After') || '5';
      return '正在运行的回测太多 Too many backtests are running at once: try again in ' + wait + ' s.';
    }
    if (response.status === 413) {
      return '文件太大 The order file is larger than the service accepts (cuifu.web.max-request-size).';
    }
    if (!json) {
      return '回测失败 The backtest failed (HTTP ' + response.status + ').';
    }
    const field = (f) => String(f).replace(/^policy\./, '策略 A policy A: ').replace(/^against\./, '策略 B policy B: ');
    const fields = (json.errors || []).map((e) => field(e.field) + ' ' + e.message);
    return [json.detail || json.title || 'HTTP ' + response.status].concat(fields).join(' · ');
  }

  async function runBacktest() {
    const form = new FormData();
    const params = new URLSearchParams({ profile: 'tmall' });
    const policy = $('bt-policy').value.trim();
    const against = $('bt-against').value.trim();
    if (!policy) {
      throw new Error('请填写策略 A Policy A is empty: reset it to the shop\'s current policy or paste one.');
    }
    form.append('policy', jsonPart(policy), 'policy.json');
    if (against) {
      form.append('against', jsonPart(against), 'against.json');
    }
    if ($('bt-source-range').checked) {
      if (!$('bt-from').value || !$('bt-to').value) {
        throw new Error('请选择日期 Choose the first and last day of the orders to replay.');
      }
      params.set('from', startOfDay($('bt-from').value));
      params.set('to', startOfDay(minusDays($('bt-to').value, -1)));
    } else {
      const file = $('bt-orders').files[0];
      if (!file) {
        throw new Error('请选择订单文件 Choose an order file (the Tmall export, CSV).');
      }
      form.append('orders', file, file.name);
    }
    if ($('bt-lift-source').value) {
      params.set('liftFromExperiment', $('bt-lift-source').value);
    } else if ($('bt-lift').value !== '') {
      params.set('lift', $('bt-lift').value);
    }
    backtestMessage('回测中 Running the backtest…', 'info');
    $('bt-run').disabled = true;
    try {
      const response = await fetch('/dashboard/api/backtests?' + params, {
        method: 'POST',
        headers: { 'Authorization': 'Basic ' + sessionStorage.getItem(KEY), 'X-Requested-With': 'XMLHttpRequest' },
        body: form
      });
      const json = await response.json().catch(() => null);
      if (response.status === 401 || response.status === 403) {
        throw new Error('请重新登录 Sign in again as a shop admin (HTTP ' + response.status + ').');
      }
      if (!response.ok) {
        throw new Error(problemText(response, json));
      }
      backtestResult(json, against ? ['A', 'B'] : ['A']);
      backtestMessage('');
    } finally {
      $('bt-run').disabled = false;
    }
  }

  // The figures of A (and B) side by side, one row per figure, td[data-field=A|B] for each column.
  function backtestResult(data, names) {
    const reports = data.policies.map((p) => p.report);
    $('bt-result').hidden = false;
    const o = data.orders;
    $('bt-summary').textContent = '已重放 Replayed ' + count(o.rows) + ' 单 orders' + (o.failed
      ? ' · ' + count(o.failed) + ' 行无法读取已跳过 lines skipped: ' + o.errors.slice(0, 5).map((e) => 'line ' + e.line + ': ' + e.reason).join('; ')
      : '');
    const rows = [];
    const add = (key, label, f) => rows.push(Object.assign({ key, label }, Object.fromEntries(reports.map((r, i) => [names[i], f(r)]))));
    const tiers = [...new Set(reports.flatMap((r) => r.tiers.map((t) => t.tier)))].sort();
    tiers.forEach((n) => {
      const t = (r) => r.tiers.find((x) => x.tier === n);
      const channel = reports.map((r) => t(r)).find((x) => x).channel;
      const tierRow = (field, label, f) => add('tier' + n + '-' + field, label, (r) => t(r) ? count(f(t(r))) : '—');
      add('tier' + n, '第' + n + '层 Tier ' + n + ' · ' + (CHANNELS[channel] || channel), () => '');
      tierRow('planned', '  计划 Planned', (x) => x.planned);
      tierRow('reminded', '  催付订单 Orders reminded', (x) => x.reminded);
      tierRow('paidLaterAnyway', '    其中本会付款 of which paid later anyway', (x) => x.paidLaterAnyway);
      tierRow('deferredByQuietHours', '  免打扰推迟 Deferred by quiet hours', (x) => x.deferredByQuietHours);
      tierRow('deferredByFrequencyCap', '  频次上限推迟 Deferred by the frequency cap', (x) => x.deferredByFrequencyCap);
      tierRow('dropped', '  超过期限放弃 Dropped by the deadline', (x) => x.droppedAtPlanning + x.expired);
    });
    add('ordersReminded', '催付订单 Orders reminded (any tier)', (r) => count(r.ordersReminded));
    add('remindedPaidLaterAnyway', '  本会付款 paid later anyway', (r) => count(r.remindedPaidLaterAnyway));
    add('remindedNeverPaid', '  从未付款 never paid (what a reminder can recover)', (r) => count(r.remindedNeverPaid)
      + ' · ' + major(r.remindedNeverPaidAmount, r.currency));
    add('smsMessages', '短信 SMS messages', (r) => count(r.smsMessages));
    add('smsSegments', '  计费条数 segments', (r) => count(r.smsSegments));
    add('smsCost', '  费用 cost', (r) => major(r.smsCost, r.currency));
    add('chatMessages', '聊天消息 Chat messages', (r) => count(r.chatMessages));
    add('phoneTasks', '电话任务 Phone tasks', (r) => count(r.phoneTasks));
    add('deferredByQuietHours', '免打扰推迟 Sends deferred by quiet hours', (r) => count(r.deferredByQuietHours));
    add('droppedByDeadline', '超过期限放弃 Touches dropped by the deadline', (r) => count(r.droppedByDeadline));
    add('peakSendsPerMinute', '每分钟峰值 Peak sends per minute', (r) => r.peakMinute ? count(r.peakSendsPerMinute) + ' (' + dateTime(r.peakMinute) + ')' : '0');
    add('busiestHour', '最忙的小时 Busiest hour', (r) => {
      const h = busiest(r.sendsByHour);
      return h < 0 ? '—' : hour(h) + ':00–' + hour((h + 1) % 24) + ':00 · ' + count(r.sendsByHour.sms[h] + r.sendsByHour.chat[h]);
    });
    add('lift', '提升 Lift', (r) => pct(r.lift) + (r.liftRange && r.liftRange.source === 'experiment'
      ? ' (实验 experiment #' + r.liftRange.experimentId + ', ' + r.liftRange.arm + ', ' + r.liftRange.armChoice + ')' : ' (假设 assumed)'));
    add('expectedRecoveredOrders', '预计挽回订单 Expected recovered orders', (r) => one(r.expectedRecoveredOrders)
      + (r.liftRange ? ' [' + one(r.liftRange.expectedRecoveredOrdersLow) + ' – ' + one(r.liftRange.expectedRecoveredOrdersHigh) + ']' : ''));
    add('expectedRecoveredAmount', '预计挽回金额 Expected recovered amount', (r) => major(r.expectedRecoveredAmount, r.currency)
      + (r.liftRange ? ' [' + major(r.liftRange.expectedRecoveredAmountLow, r.currency) + ' – ' + major(r.liftRange.expectedRecoveredAmountHigh, r.currency) + ']' : ''));
    if (reports.some((r) => r.liftRange)) {
      add('liftRange', '  区间 over the lift range', (r) => r.liftRange
        ? pct(r.liftRange.liftLow) + ' – ' + pct(r.liftRange.liftHigh) + (r.liftRange.intervalKind ? ' (' + r.liftRange.intervalKind + ')' : '') : '—');
    }
    const box = $('bt-table-box');
    box.replaceChildren();
    const t = table(box, 'bt-table', [['label', '']].concat(names.map((n) => [n, '策略 Policy ' + n])), rows);
    t.querySelectorAll('td[data-field="label"]').forEach((td) => { td.style.whiteSpace = 'pre'; });
    hoursChart(reports, names);
  }

  function busiest(s) {
    let best = -1;
    for (let h = 0; h < 24; h++) {
      if (s.sms[h] + s.chat[h] > (best < 0 ? 0 : s.sms[best] + s.chat[best])) best = h;
    }
    return best;
  }

  // Per hour of day, per policy a stack of its channels: where quiet hours push the sends, and the peak.
  function hoursChart(reports, names) {
    const zoneOf = reports[0].sendsByHour.timeZone;
    $('bt-hours-zone').textContent = '(' + zoneOf + '，策略的时区 the policy\'s time zone, where its quiet hours apply)';
    const hours = [...Array(24).keys()].map(hour);
    const series = [];
    reports.forEach((r, i) => {
      const enabled = new Set(r.tiers.map((t) => t.channel));
      ['SMS', 'CHAT', 'PHONE'].filter((c) => enabled.has(c)).forEach((c) => series.push({
        id: names[i] + ':' + c, name: names[i] + ' ' + (CHANNELS[c] || c), type: 'bar', stack: names[i],
        data: r.sendsByHour[c.toLowerCase()], color: COLORS[(i * 3 + ['SMS', 'CHAT', 'PHONE'].indexOf(c)) % COLORS.length]
      }));
    });
    chart($('bt-hours-chart'), {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 50, right: 16, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: hours, name: zoneOf, nameLocation: 'middle', nameGap: 22 },
      yAxis: { type: 'value', minInterval: 1 },
      series
    }, '每小时发送 Sends per hour of day (' + zoneOf + '): ' + reports.map((r, i) => {
      const h = busiest(r.sendsByHour);
      return names[i] + ' busiest ' + (h < 0 ? 'none' : hour(h) + ':00, ' + (r.sendsByHour.sms[h] + r.sendsByHour.chat[h]) + ' messages');
    }).join('; ')).resize();
    const rows = hours.map((h, index) => Object.assign({ key: h, hour: h + ':00' },
      Object.fromEntries(series.map((s) => [s.id, s.data[index]]))));
    const box = $('bt-hours-box');
    box.replaceChildren();
    table(box, 'bt-hours-table', [['hour', '时 Hour']].concat(series.map((s) => [s.id, s.name])), rows);
  }

  function signOut() {
    sessionStorage.removeItem(KEY);
    $('auto-refresh').checked = false;
    autoRefresh();
    $('login-section').hidden = false;
    $('dashboard-section').hidden = true;
    $('logout').hidden = true;
    $('whoami').hidden = true;
    // the next admin may be another shop's: nothing of this one's backtest stays
    backtestShop = null;
    $('bt-policy').value = '';
    $('bt-against').value = '';
    $('bt-result').hidden = true;
    backtestMessage('');
  }

  function reload() {
    load().catch((e) => message(e.message, 'danger'));
  }

  function autoRefresh() {
    clearInterval(timer);
    timer = $('auto-refresh').checked ? setInterval(reload, AUTO_REFRESH_MS) : null;
  }

  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, btoa(String.fromCharCode(...new TextEncoder().encode($('username').value + ':' + $('password').value))));
    reload();
  });
  $('range-form').addEventListener('submit', (event) => {
    event.preventDefault();
    range = { from: $('from').value, to: $('to').value };
    reload();
  });
  for (const button of document.querySelectorAll('[data-days]')) {
    // counted back from the shop's today (the last answer's), never the browser's
    button.addEventListener('click', () => {
      const today = range.today;
      range = today ? { from: minusDays(today, Number(button.dataset.days) - 1), to: today } : {};
      reload();
    });
  }
  $('refresh').addEventListener('click', reload);
  $('backtest-form').addEventListener('submit', (event) => {
    event.preventDefault();
    runBacktest().catch((e) => backtestMessage(e.message, 'danger'));
  });
  document.querySelectorAll('[name="bt-source"]').forEach((r) => r.addEventListener('change', backtestSource));
  $('bt-lift-source').addEventListener('change', () => { $('bt-lift-group').hidden = $('bt-lift-source').value !== ''; });
  $('bt-reset').addEventListener('click', () => loadPolicy().then(() => backtestMessage('')).catch((e) => backtestMessage(e.message, 'warning')));
  $('bt-copy').addEventListener('click', () => { $('bt-against').value = $('bt-policy').value; });
  $('auto-refresh').addEventListener('change', autoRefresh);
  $('logout').addEventListener('click', () => { signOut(); message(''); });
  window.addEventListener('resize', () => document.querySelectorAll('.chart').forEach((node) => {
    const instance = echarts.getInstanceByDom(node);
    if (instance) instance.resize();
  }));
  if (sessionStorage.getItem(KEY)) {
    reload();
  }
})();
