// The office's pages: a Chinese login form that uses the GraphQL `login`,
// then the dashboard of the viewer's tripartite office over its region.
// Every figure comes from the GraphQL API as the viewer sees it; nothing is
// loaded from another host.
(function () {
  'use strict';

  var TOKEN = 'xieshang.token';
  var app = document.getElementById('app');
  // The platform's root, from this script's own address (…/pages/app.js),
  // so that a record's page (/offers/<id>) reaches the API too.
  var ROOT = document.currentScript.src.replace(/pages\/app\.js(\?.*)?$/, '');

  function token() { return window.sessionStorage.getItem(TOKEN); }

  function gql(query, variables) {
    var headers = { 'content-type': 'application/json' };
    if (token()) { headers.authorization = 'Bearer ' + token(); }
    return fetch(ROOT + 'graphql', {
      method: 'POST',
      headers: headers,
      body: JSON.stringify({ query: query, variables: variables || {} })
    }).then(function (response) { return response.json(); }).then(function (body) {
      if (body.errors && body.errors.length) {
        var error = new Error(body.errors[0].message);
        error.code = body.errors[0].extensions && body.errors[0].extensions.code;
        throw error;
      }
      return body.data;
    });
  }

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function show(nodes) {
    app.textContent = '';
    nodes.forEach(function (node) { app.appendChild(node); });
  }

  function loginForm(message) {
    var error = element('div', { class: 'error', id: 'login-error' }, [message || '']);
    var form = element('form', { class: 'login', id: 'login-form' }, [
      element('h2', {}, ['登录协商平台']),
      element('label', { for: 'login-name' }, ['用户名']),
      element('input', { id: 'login-name', name: 'loginName', autocomplete: 'username', required: '' }),
      element('label', { for: 'login-password' }, ['密码']),
      element('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: '' }),
      element('button', { type: 'submit' }, ['登录']),
      error
    ]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      error.textContent = '';
      gql('mutation($input: LoginInput!) { login(input: $input) { token } }', {
        input: { loginName: form.loginName.value, password: form.password.value }
      }).then(function (data) {
        window.sessionStorage.setItem(TOKEN, data.login.token);
        route();
      }).catch(function (e) { error.textContent = e.message; });
    });
    show([element('header', {}, [element('h1', {}, ['协商 · 集体协商协作平台'])]), form]);
  }

  // A page that could not load: an ended session signs in again; a record
  // the viewer may not see is "not there"; anything else says what failed.
  function failed(e) {
    if (e.code === 'UNAUTHENTICATED') { window.sessionStorage.removeItem(TOKEN); loginForm('登录已过期，请重新登录'); return; }
    show([element('main', { 'data-ready': 'error' }, [e.code === 'NOT_FOUND' ? '找不到该记录，或您无权查看。' : '加载失败：' + e.message])]);
  }

  function logout() {
    var done = function () { window.sessionStorage.removeItem(TOKEN); loginForm(); };
    gql('mutation { logout { revokedSessions } }').then(done, done);
  }

  var OPEN_CASES = ['REPORTED', 'ASSESSED', 'RESOLVING'];
  var ISSUED = ['ISSUED', 'ACCEPTED', 'DECLINED', 'IN_NEGOTIATION', 'CONCLUDED', 'SUSPENDED', 'WITHDRAWN'];
  var UNDER_WAY = ['EXPLAINED', 'OPINION_GIVEN', 'ANSWERED', 'REPORTED', 'IMPLEMENTING'];

  // The coverage report's lines by district, for the tile maps.
  var COVERAGE = '  coverage: coverageReport(region: $r) { byRegion { region { id name code } titledEmployers evaluated modelCoverage workers workersCovered workerCoverage } }\n';

  var LEVELS = ['LEVEL_1', 'LEVEL_2', 'LEVEL_3'];
  var ITEMS = ['CLOSURE', 'RESTRUCTURING', 'RELOCATION', 'STOPPAGE', 'WAGE_ARREARS', 'LAYOFF',
    'MASS_DEPARTURE', 'RULE_CHANGE', 'COLLECTIVE_ACTION', 'PUBLIC_OPINION', 'OTHER_MAJOR'];

  // Open risk cases by level and by item, the 24-hour forms overdue, and
  // the campaigns with their progress over the offers the viewer sees.
  var BREAKDOWN = 'query($r: ID!) {\n' +
    LEVELS.map(function (level) {
      return '  ' + level + ': riskCases(filter: { region: $r, statuses: [' + OPEN_CASES.join(', ') + '], levels: [' + level + '] }, first: 1) { totalCount }\n';
    }).join('') +
    ITEMS.map(function (item) {
      return '  ' + item + ': riskCases(filter: { region: $r, statuses: [' + OPEN_CASES.join(', ') + '], items: [' + item + '] }, first: 1) { totalCount }\n';
    }).join('') +
    '  overdueForms: deadlines(filter: { region: $r, kinds: [RISK_FORM], statuses: [MISSED] }, first: 1) { totalCount }\n' +
    '  campaigns(first: 100) { edges { node { id name startsOn endsOn progress {\n' +
    '    byCategory { category counts { issued answered accepted overdue concluded } }\n' +
    '    byDistrict { region { id name } counts { issued answered accepted overdue concluded } } } } } }\n' +
    '  labels: enumLabels(enums: ["OfferCategory", "MonitoredItem", "WarningLevel"]) { enum value label }\n' +
    '}';

  // The campaign running today, or else the last one.
  function current(campaigns, today) {
    var running = campaigns.filter(function (c) { return c.startsOn <= today && today <= c.endsOn; });
    return (running.length ? running : campaigns)[(running.length ? running : campaigns).length - 1];
  }

  function bars(container, title, names, series) {
    var chart = window.echarts.init(container, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { top: 40, bottom: 60, left: 40, right: 10, containLabel: true },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0, fontSize: 11 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: series.map(function (s) { return { type: 'bar', name: s[0], data: s[1] }; })
    });
  }

  // A table of rows (`key`, then counts), each row and cell marked for readers.
  function countTable(name, header, rows) {
    return element('table', { class: 'coverage', 'data-table': name }, [
      element('tr', {}, header.map(function (h) { return element('th', {}, [h]); }))
    ].concat(rows.map(function (row) {
      return element('tr', { 'data-key': row[0] }, [element('td', {}, [row[1]])].concat(row.slice(2).map(function (n) {
        return element('td', {}, [String(n)]);
      })));
    })));
  }

  function breakdown(main, region, today, openCases) {
    return gql(BREAKDOWN, { r: region }).then(function (data) {
      var name = labeller(data.labels);
      var levels = LEVELS.map(function (l) { return [l, name('WarningLevel', l), data[l].totalCount]; });
      var assessed = levels.reduce(function (sum, row) { return sum + row[2]; }, 0);
      levels.push(['UNASSESSED', '尚未研判', openCases - assessed]);
      var items = ITEMS.map(function (i) { return [i, name('MonitoredItem', i), data[i].totalCount]; })
        .filter(function (row) { return row[2] > 0; });
      var riskChart = element('div', { class: 'chart', id: 'risk-items' });
      var section = [
        element('h3', {}, ['未结风险事项']),
        element('div', { class: 'figures' }, [
          element('a', { class: 'figure', href: listLink('overdueForms', region), 'data-figure': 'overdueForms', 'data-value': String(data.overdueForms.totalCount) }, [
            element('div', { class: 'value' }, [String(data.overdueForms.totalCount)]),
            element('div', { class: 'label' }, ['逾期未报的24小时信息表'])
          ])
        ]),
        element('div', { class: 'charts' }, [riskChart, countTable('riskLevels', ['预警级别', '件数'], levels)]),
        countTable('riskItems', ['监测事项', '件数'], items)
      ];
      var campaigns = data.campaigns.edges.map(function (e) { return e.node; });
      var campaign = campaigns.length ? current(campaigns, today) : null;
      var categoryChart = element('div', { class: 'chart', id: 'campaign-categories' });
      var districtChart = element('div', { class: 'chart', id: 'campaign-districts' });
      if (campaign) {
        var counts = function (c) { return [c.issued, c.answered, c.accepted, c.overdue, c.concluded]; };
        var header = ['发出', '已回应', '同意', '逾期', '协商结束'];
        var categories = campaign.progress.byCategory.map(function (line) {
          return [line.category, name('OfferCategory', line.category)].concat(counts(line.counts));
        });
        var districts = campaign.progress.byDistrict.map(function (line) {
          return [line.region.id, line.region.name].concat(counts(line.counts));
        });
        section = section.concat([
          element('h3', { 'data-campaign': campaign.id }, [campaign.name + '（' + campaign.startsOn + ' 至 ' + campaign.endsOn + '）']),
          element('div', { class: 'charts' }, [categoryChart, districtChart]),
          countTable('campaignCategories', ['类别'].concat(header), categories),
          countTable('campaignDistricts', ['区域'].concat(header), districts)
        ]);
      }
      section.forEach(function (node) { main.appendChild(node); });
      bars(riskChart, '未结风险事项（按监测事项）', items.map(function (r) { return r[1]; }), [['件数', items.map(function (r) { return r[2]; })]]);
      if (campaign) {
        var series = function (rows) {
          return [['发出', 2], ['同意', 4], ['逾期', 5]].map(function (s) {
            return [s[0], rows.map(function (r) { return r[s[1]]; })];
          });
        };
        bars(categoryChart, '要约进度（按类别）', categories.map(function (r) { return r[1]; }), series(categories));
        bars(districtChart, '要约进度（按区域）', districts.map(function (r) { return r[1]; }), series(districts));
      }
    });
  }

  // The lists behind the figures: the GraphQL list, its filter type, the
  // export's input field, and what a row shows (its first cell links to
  // the row's page).
  var LISTS = {
    offers: { list: 'offers', type: 'OfferFilterInput', title: '要约',
      columns: [['单位', 'employer { name }', function (n) { return n.employer.name; }],
        ['类别', 'category', function (n, l) { return l('OfferCategory', n.category); }],
        ['状态', 'status', function (n, l) { return l('OfferStatus', n.status); }],
        ['发出时间', 'issuedAt', function (n) { return moment(n.issuedAt).slice(0, 10); }]] },
    riskCases: { list: 'riskCases', type: 'RiskCaseFilterInput', title: '风险事项',
      columns: [['单位', 'employer { name }', function (n) { return n.employer ? n.employer.name : '—'; }],
        ['状态', 'status', function (n, l) { return l('RiskStatus', n.status); }],
        ['预警级别', 'level', function (n, l) { return n.level ? l('WarningLevel', n.level) : '尚未研判'; }],
        ['接报时间', 'receivedAt', function (n) { return moment(n.receivedAt).slice(0, 10); }]] },
    deadlines: { list: 'deadlines', type: 'DeadlineFilterInput', title: '期限',
      columns: [['单位', 'organizations { name }', function (n) {
        return n.organizations.length ? n.organizations[0].name + (n.organizations.length > 1 ? ' 等' : '') : '—';
      }],
        ['期限', 'kind', function (n, l) { return l('DeadlineKind', n.kind); }],
        ['状态', 'status', function (n, l) { return l('DeadlineStatus', n.status); }],
        ['到期', 'dueAt', function (n) { return moment(n.dueAt); }],
        ['事项', 'subjectId', function (n) { return n.subjectId ? link(n.subjectId, '查看') : '—'; }]] },
    agreements: { list: 'agreements', type: 'AgreementFilterInput', title: '集体合同',
      columns: [['合同', 'title', function (n) { return n.title; }],
        ['种类', 'kind', function (n, l) { return l('AgreementKind', n.kind); }],
        ['期限届满', 'termEndsOn', function (n) { return n.termEndsOn || '—'; }]] },
    layoffPlans: { list: 'layoffPlans', type: 'LayoffPlanFilterInput', title: '裁员方案',
      columns: [['单位', 'employer { name }', function (n) { return n.employer ? n.employer.name : '—'; }],
        ['状态', 'status', function (n, l) { return l('LayoffStatus', n.status); }],
        ['拟裁减人数', 'cut', function (n) { return String(n.cut); }]] }
  };

  // A list's selection of a page of `first` rows after `$a<alias>` with the
  // filter `$f<alias>`, under `alias`.
  function listSelection(alias, kind, first) {
    var spec = LISTS[kind];
    return '  ' + alias + ': ' + spec.list + '(filter: $f' + alias + ', first: ' + first + ', after: $a' + alias + ') { totalCount pageInfo { hasNextPage endCursor } edges { node { id ' +
      spec.columns.map(function (c) { return c[1]; }).join(' ') + ' } } }\n';
  }

  // A list's rows as a table, each row's first cell linking to its page.
  function listTable(name, kind, edges, l) {
    var spec = LISTS[kind];
    return element('table', { class: 'coverage', 'data-table': name }, [
      element('tr', {}, spec.columns.map(function (c) { return element('th', {}, [c[0]]); }))
    ].concat(edges.map(function (edge) {
      return element('tr', { 'data-id': edge.node.id }, spec.columns.map(function (c, at) {
        var cell = c[2](edge.node, l);
        return element('td', {}, [at === 0 && typeof cell === 'string' ? link(edge.node.id, cell) : cell]);
      }));
    })));
  }

  // The list of a figure: its kind and filter (the dashboard's own).
  function figureList(name, region, from, until) {
    switch (name) {
      case 'offers': return ['offers', { region: region, statuses: ISSUED }];
      case 'openRiskCases': return ['riskCases', { region: region, statuses: OPEN_CASES }];
      case 'dueThisWeek': return ['deadlines', { region: region, statuses: ['OPEN'], dueFrom: from, dueUntil: until }];
      case 'missedDeadlines': return ['deadlines', { region: region, statuses: ['MISSED'] }];
      case 'overdueForms': return ['deadlines', { region: region, kinds: ['RISK_FORM'], statuses: ['MISSED'] }];
      case 'expiringAgreements': return ['agreements', { region: region, expiringWithinDays: 90 }];
      default: return ['layoffPlans', { region: region, statuses: UNDER_WAY }];
    }
  }

  // `#/list/<kind>?f=<filter>&t=<figure>[&p=<page>&a=<cursor>]`.
  function listHash(kind, filter, figure, page, after) {
    return '#/list/' + kind + '?f=' + encodeURIComponent(JSON.stringify(filter)) + '&t=' + figure +
      (after ? '&p=' + page + '&a=' + encodeURIComponent(after) : '');
  }

  function listLink(name, region, from, until) {
    var target = figureList(name, region, from, until);
    return listHash(target[0], target[1], name);
  }

  var PAGE_SIZE = 100;

  // A list page: a page of 100 rows of the list with the figure's filter
  // (page `page`, after the cursor `after`), its total, the next and first
  // pages, and its spreadsheet (exportLedger) for download.
  function listPage(kind, filter, figure, page, after) {
    var spec = LISTS[kind];
    if (!spec) { dashboard(); return; }
    var title = TITLES[figure] || spec.title;
    var query = 'query($frows: ' + spec.type + ', $arows: String) {\n' + listSelection('rows', kind, PAGE_SIZE) +
      '  labels: enumLabels { enum value label } }';
    show([element('header', {}, [element('h1', {}, ['协商 · ' + title])]), element('main', {}, ['正在加载…'])]);
    gql(query, { frows: filter, arows: after || null }).then(function (data) {
      var l = labeller(data.labels);
      var rows = data.rows;
      var status = element('span', { id: 'export-status' }, []);
      var exportButton = element('button', { type: 'button', id: 'export' }, ['导出 Excel']);
      exportButton.addEventListener('click', function () {
        var input = {};
        input[kind] = filter;
        download('exportLedger', 'ExportLedgerInput', input, status);
      });
      var first = (page - 1) * PAGE_SIZE + 1;
      var shown = rows.edges.length ? '，本页第 ' + first + '–' + (first + rows.edges.length - 1) + ' 条' : '';
      var paging = [];
      if (after) { paging.push(element('a', { href: listHash(kind, filter, figure), id: 'first-page' }, ['第一页'])); }
      if (rows.pageInfo.hasNextPage) {
        paging.push(element('a', { href: listHash(kind, filter, figure, page + 1, rows.pageInfo.endCursor), id: 'next-page' }, ['下一页']));
      }
      show([
        element('header', {}, [element('h1', {}, ['协商 · ' + title])]),
        element('main', { 'data-ready': 'true', 'data-total': String(rows.totalCount), 'data-page': String(page) }, [
          element('p', {}, [element('a', { href: '#/' }, ['返回工作台']), '　共 ' + rows.totalCount + ' 条' + shown + '　', exportButton, ' ', status]),
          listTable('list', kind, rows.edges, l),
          element('p', { class: 'paging' }, paging)
        ])
      ]);
    }).catch(failed);
  }

  var LABELS = [
    ['offers', '已发出要约'],
    ['openRiskCases', '未结风险事项'],
    ['dueThisWeek', '本周到期期限'],
    ['missedDeadlines', '已逾期期限'],
    ['expiringAgreements', '90日内到期合同'],
    ['layoffsUnderWay', '进行中的裁员方案']
  ];

  var TITLES = { overdueForms: '逾期未报的24小时信息表' };
  LABELS.forEach(function (pair) { TITLES[pair[0]] = pair[1]; });

  // The lists shown on the dashboard itself, ten rows each.
  var SHORT_LISTS = ['dueThisWeek', 'missedDeadlines', 'expiringAgreements', 'layoffsUnderWay'];
  var SHORT = 10;

  // The dashboard's one query: each figure's list with its filter over the
  // region (ten rows of the lists shown, one of the others), the coverage
  // report, and the labels.
  function figuresQuery(region, from, until) {
    var declared = ['$r: ID!'], variables = { r: region };
    var selections = LABELS.map(function (pair) {
      var target = figureList(pair[0], region, from, until);
      declared.push('$f' + pair[0] + ': ' + LISTS[target[0]].type, '$a' + pair[0] + ': String');
      variables['f' + pair[0]] = target[1];
      return listSelection(pair[0], target[0], SHORT_LISTS.indexOf(pair[0]) >= 0 ? SHORT : 1);
    });
    var query = 'query(' + declared.join(', ') + ') {\n' + selections.join('') + COVERAGE + '  labels: enumLabels { enum value label } }';
    return [query, variables];
  }

  // The dashboard's short lists: the first ten rows of each, with a link
  // to the whole list.
  function shortLists(figures, region, from, until) {
    var l = labeller(figures.labels);
    return element('div', { class: 'lists' }, SHORT_LISTS.map(function (name) {
      var rows = figures[name];
      var kind = figureList(name, region, from, until)[0];
      return element('section', { 'data-list': name, 'data-total': String(rows.totalCount) }, [
        element('h3', {}, [TITLES[name] + '（' + rows.totalCount + '）　', element('a', { href: listLink(name, region, from, until) }, ['查看全部'])]),
        rows.edges.length ? listTable(name, kind, rows.edges, l) : element('p', { class: 'empty' }, ['暂无'])
      ]);
    }));
  }

  function percent(share) { return share === null || share === undefined ? '—' : (share * 100).toFixed(1) + '%'; }

  // A tile map: the districts as tiles in a grid, coloured by a share;
  // a district without the share's base (no titled employer) is grey.
  function tiles(container, title, lines, share) {
    var columns = Math.max(1, Math.ceil(Math.sqrt(lines.length)));
    var tile = function (line, at) {
      var value = line[share];
      return {
        value: [at % columns, Math.floor(at / columns), value === null ? 0 : Math.round(value * 1000) / 10],
        name: line.region.name
      };
    };
    var measured = [], unmeasured = [];
    lines.forEach(function (line, at) { (line[share] === null ? unmeasured : measured).push(tile(line, at)); });
    var label = {
      show: true, fontSize: 11, overflow: 'break', width: 100,
      formatter: function (p) { return p.name + '\n' + (p.seriesIndex === 1 ? '—' : p.value[2] + '%'); }
    };
    var chart = window.echarts.init(container, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { formatter: function (p) { return p.name + '：' + (p.seriesIndex === 1 ? '无可计算的基数' : p.value[2] + '%'); } },
      grid: { top: 40, bottom: 50, left: 10, right: 10 },
      xAxis: { type: 'category', show: false, data: Array.apply(null, Array(columns)).map(function (_, i) { return i; }) },
      yAxis: { type: 'category', show: false, inverse: true, data: Array.apply(null, Array(Math.ceil(lines.length / columns))).map(function (_, i) { return i; }) },
      visualMap: { seriesIndex: 0, min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, text: ['100%', '0%'], inRange: { color: ['#fee2e2', '#b91c1c'] } },
      series: [
        { type: 'heatmap', data: measured, label: label, itemStyle: { borderColor: '#fff', borderWidth: 2 } },
        { type: 'heatmap', data: unmeasured, label: label, itemStyle: { color: '#e5e7eb', borderColor: '#fff', borderWidth: 2 } }
      ]
    });
  }

  function dashboard() {
    show([element('header', {}, [element('h1', {}, ['协商 · 集体协商协作平台'])]), element('main', {}, ['正在加载…'])]);
    gql('{ viewer { user { displayName } memberships { organization { id name kind region { id name } } } } }').then(function (data) {
      var offices = data.viewer.memberships.filter(function (m) { return m.organization.kind === 'TRIPARTITE_OFFICE'; });
      var logoutButton = element('button', { type: 'button', id: 'logout' }, ['退出']);
      logoutButton.addEventListener('click', logout);
      var head = element('header', {}, [
        element('h1', {}, ['协商 · ' + (offices.length ? offices[0].organization.name : data.viewer.user.displayName)]),
        logoutButton
      ]);
      if (!offices.length) {
        return landing(head, data.viewer.memberships.map(function (m) { return m.organization; }));
      }
      var office = offices[0].organization;
      // This week: from now to seven days on.
      var from = new Date().toISOString();
      var until = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
      var asked = figuresQuery(office.region.id, from, until);
      return gql(asked[0], asked[1]).then(function (figures) {
        var cards = LABELS.map(function (pair) {
          var value = figures[pair[0]].totalCount;
          return element('a', { class: 'figure', href: listLink(pair[0], office.region.id, from, until), 'data-figure': pair[0], 'data-value': String(value) }, [
            element('div', { class: 'value' }, [String(value)]),
            element('div', { class: 'label' }, [pair[1]])
          ]);
        });
        var lines = figures.coverage.byRegion;
        var model = element('div', { class: 'chart', id: 'model-coverage' });
        var contracts = element('div', { class: 'chart', id: 'contract-coverage' });
        var rows = lines.map(function (line) {
          return element('tr', { 'data-region': line.region.id }, [
            element('td', {}, [line.region.name]),
            element('td', { 'data-field': 'titledEmployers' }, [String(line.titledEmployers)]),
            element('td', { 'data-field': 'modelCoverage' }, [percent(line.modelCoverage)]),
            element('td', { 'data-field': 'workers' }, [String(line.workers)]),
            element('td', { 'data-field': 'workerCoverage' }, [percent(line.workerCoverage)])
          ]);
        });
        var table = element('table', { class: 'coverage' }, [
          element('tr', {}, ['区域', '命名单位', '示范单位覆盖率', '职工人数', '集体合同覆盖率'].map(function (h) { return element('th', {}, [h]); }))
        ].concat(rows));
        var status = element('span', { id: 'coverage-status' }, []);
        var exportCoverage = element('button', { type: 'button', id: 'export-coverage' }, ['导出覆盖情况 Excel']);
        exportCoverage.addEventListener('click', function () {
          download('exportLedger', 'ExportLedgerInput', { coverage: { region: office.region.id } }, status);
        });
        var main = element('main', { 'data-region': office.region.id, 'data-from': from, 'data-until': until }, [
          element('h2', {}, [office.region.name + '工作台']),
          element('div', { class: 'figures' }, cards),
          element('div', { class: 'charts' }, [model, contracts]),
          table,
          element('p', {}, [exportCoverage, ' ', status]),
          shortLists(figures, office.region.id, from, until)
        ]);
        show([head, main]);
        tiles(model, '示范单位覆盖率（命名单位中已评价的比例）', lines, 'modelCoverage');
        tiles(contracts, '集体合同覆盖率（职工）', lines, 'workerCoverage');
        var today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
        return breakdown(main, office.region.id, today, figures.openRiskCases.totalCount).then(function () {
          main.setAttribute('data-ready', 'true');
        });
      });
    }).catch(failed);
  }

  // The pages of one record, by the collection in its path (as emails link
  // to them): what it shows of the record, and its documents.
  var RECORDS = {
    'offers': { type: 'Offer', title: '要约', documents: [['OFFER_LETTER', '要约书'], ['OFFER_RESPONSE', '回应书']],
      selection: 'category status issuedAt answeredAt outcome outcomeSummary concludedAt employer { id name } issuingOrganization { name } receivingOrganization { name }' +
        ' sessions { kind scheduledAt place heldAt } disputes { requestedBy reason status openedAt resolvedAt }',
      fields: [['用人单位', function (n) { return link(n.employer.id, n.employer.name); }], ['发出方', function (n) { return n.issuingOrganization.name; }],
        ['接收方', function (n) { return n.receivingOrganization.name; }], ['类别', function (n, l) { return l('OfferCategory', n.category); }],
        ['状态', function (n, l) { return l('OfferStatus', n.status); }], ['发出时间', function (n) { return moment(n.issuedAt); }],
        ['书面回应', function (n) { return moment(n.answeredAt); }],
        ['协商结果', function (n, l) { return n.outcome ? l('NegotiationOutcome', n.outcome) + (n.outcomeSummary ? '：' + n.outcomeSummary : '') : '—'; }],
        ['协商结束', function (n) { return moment(n.concludedAt); }]],
      clocks: [['答复期限', 'replyDeadline']],
      tables: [['sessions', '协商会议', ['类型', '时间', '地点', '召开'], function (n, l) {
        return n.sessions.map(function (s) { return [l('SessionKind', s.kind), moment(s.scheduledAt), s.place, moment(s.heldAt)]; });
      }], ['disputes', '争议', ['提出方', '理由', '状态', '提出时间', '处理时间'], function (n, l) {
        return n.disputes.map(function (d) { return [l('Side', d.requestedBy), d.reason, l('DisputeStatus', d.status), moment(d.openedAt), moment(d.resolvedAt)]; });
      }]] },
    'agreements': { type: 'Agreement', title: '集体合同', documents: [['AGREEMENT_TEXT', '合同文本'], ['FILING_RECEIPT', '受理回执'], ['REVIEW_OPINION', '审查意见书']],
      selection: 'title kind status termStartsOn termEndsOn workersCovered textVersion signedAt effectiveAt offer { id } workersParty { name } employerParty { name }' +
        ' clauses { heading text } versions { number note createdAt authorOrganization { name } } filings { filedAt receiptNumber outcome decidedAt reviewer { name } }',
      fields: [['合同', function (n) { return n.title; }], ['种类', function (n, l) { return l('AgreementKind', n.kind); }],
        ['职工方', function (n) { return n.workersParty.name; }], ['用人单位方', function (n) { return n.employerParty.name; }],
        ['状态', function (n, l) { return l('AgreementStatus', n.status); }], ['期限', function (n) { return (n.termStartsOn || '') + ' 至 ' + (n.termEndsOn || ''); }],
        ['覆盖职工', function (n) { return n.workersCovered === null ? '—' : String(n.workersCovered); }], ['文本版本', function (n) { return String(n.textVersion); }],
        ['签订时间', function (n) { return moment(n.signedAt); }], ['生效时间', function (n) { return moment(n.effectiveAt); }],
        ['要约', function (n) { return n.offer ? link(n.offer.id, '查看要约与协商') : '—'; }]],
      clocks: [['报送审查期限', 'filingDeadline'], ['审查期限', 'reviewDeadline'], ['公布期限', 'publicationDeadline'], ['期满', 'termDeadline'], ['续订', 'renewalDeadline']],
      tables: [['clauses', '条款', ['条款', '内容'], function (n) {
        return n.clauses.map(function (c) { return [c.heading, c.text]; });
      }], ['versions', '文本版本', ['版本', '提出方', '说明', '时间'], function (n) {
        return n.versions.map(function (v) { return [String(v.number), v.authorOrganization.name, v.note, moment(v.createdAt)]; });
      }], ['filings', '报送审查', ['报送时间', '审查机关', '受理编号', '审查结果', '决定时间'], function (n, l) {
        return n.filings.map(function (f) { return [moment(f.filedAt), f.reviewer.name, f.receiptNumber, l('ReviewOutcome', f.outcome), moment(f.decidedAt)]; });
      }]] },
    'risk-cases': { type: 'RiskCase', title: '风险事项', documents: [['QUICK_REPORT', '速报表（附件3）'], ['RISK_INFORMATION_FORM', '信息情况表（附件4）']],
      selection: 'status level summary receivedAt items employer { id name } rectificationItems { id problem dueOn status }',
      fields: [['用人单位', function (n) { return n.employer ? link(n.employer.id, n.employer.name) : '—'; }], ['状态', function (n, l) { return l('RiskStatus', n.status); }],
        ['监测事项', function (n, l) { return n.items.map(function (i) { return l('MonitoredItem', i); }).join('、'); }],
        ['预警级别', function (n, l) { return n.level ? l('WarningLevel', n.level) : '尚未研判'; }], ['摘要', function (n) { return n.summary; }],
        ['接报时间', function (n) { return moment(n.receivedAt); }]],
      clocks: [['24小时信息表', 'formDeadline'], ['紧急事项', 'urgentDeadline']],
      tables: [['rectification', '整改事项', ['问题', '整改期限', '状态'], function (n, l) {
        return (n.rectificationItems || []).map(function (r) { return [link(r.id, r.problem), r.dueOn, l('RectificationStatus', r.status)]; });
      }]] },
    'layoff-plans': { type: 'LayoffPlan', title: '裁员方案', documents: [],
      selection: 'status cut workforce firstTermination employer { id name }',
      fields: [['用人单位', function (n) { return link(n.employer.id, n.employer.name); }], ['状态', function (n, l) { return l('LayoffStatus', n.status); }],
        ['拟裁减人数', function (n) { return n.cut + ' / ' + n.workforce; }], ['最早解除日', function (n) { return n.firstTermination; }]],
      clocks: [['三十日期限', 'noticeDeadline'], ['答复工会意见', 'answerDeadline'], ['优先招用', 'rehiringDeadline']] },
    'evaluations': { type: 'BargainingEvaluation', title: '质效评价', documents: [],
      selection: 'year status total grade employer { id name }',
      fields: [['用人单位', function (n) { return link(n.employer.id, n.employer.name); }], ['年度', function (n) { return String(n.year); }],
        ['状态', function (n, l) { return l('EvaluationStatus', n.status); }], ['得分', function (n) { return String(n.total); }],
        ['等次', function (n) { return n.grade || '—'; }]] },
    'campaign-summaries': { type: 'CampaignSummary', title: '工作总结', documents: [['CAMPAIGN_SUMMARY', '工作总结']],
      selection: 'status dueOn late submittedAt office { name } campaign { id name }',
      fields: [['行动', function (n) { return link(n.campaign.id, n.campaign.name); }], ['区县三方办', function (n) { return n.office.name; }],
        ['状态', function (n, l) { return l('SummaryStatus', n.status); }], ['报送期限', function (n) { return n.dueOn; }],
        ['报送时间', function (n) { return moment(n.submittedAt) + (n.late ? '（逾期）' : ''); }]],
      clocks: [['报送期限', 'deadline']] },
    'rectification-items': { type: 'RectificationItem', title: '整改事项', documents: [],
      selection: 'problem measure dueOn status doneAt verifiedAt riskCaseId healthCheckId employer { id name }',
      fields: [['用人单位', function (n) { return n.employer ? link(n.employer.id, n.employer.name) : '—'; }], ['问题', function (n) { return n.problem; }],
        ['整改措施', function (n) { return n.measure; }], ['整改期限', function (n) { return n.dueOn; }],
        ['状态', function (n, l) { return l('RectificationStatus', n.status); }], ['完成时间', function (n) { return moment(n.doneAt); }],
        ['核验时间', function (n) { return moment(n.verifiedAt); }],
        ['来源', function (n) { return n.riskCaseId ? link(n.riskCaseId, '风险事项') : n.healthCheckId ? link(n.healthCheckId, '劳动关系体检') : '—'; }]],
      clocks: [['整改期限', 'deadline']] },
    'warnings': { type: 'Warning', title: '预警', documents: [],
      selection: 'title level status details issuedAt liftedAt regions { name } employers { id name }',
      fields: [['标题', function (n) { return n.title; }], ['预警级别', function (n, l) { return l('WarningLevel', n.level); }],
        ['状态', function (n, l) { return l('WarningStatus', n.status); }], ['内容', function (n) { return n.details; }],
        ['区域', function (n) { return n.regions.map(function (r) { return r.name; }).join('、') || '—'; }],
        ['涉及单位', function (n) { return n.employers.map(function (e) { return e.name; }).join('、') || '—'; }],
        ['发布时间', function (n) { return moment(n.issuedAt); }], ['解除时间', function (n) { return moment(n.liftedAt); }]] },
    'health-checks': { type: 'HealthCheck', title: '劳动关系体检', documents: [],
      selection: 'visitedOn diagnosis prescription acknowledgedAt employer { id name } recordedBy { name } rectificationItems { id problem dueOn status }',
      fields: [['用人单位', function (n) { return n.employer ? link(n.employer.id, n.employer.name) : '—'; }],
        ['体检单位', function (n) { return n.recordedBy ? n.recordedBy.name : '—'; }], ['体检日期', function (n) { return n.visitedOn; }],
        ['诊断', function (n) { return n.diagnosis; }], ['建议', function (n) { return n.prescription; }],
        ['单位确认', function (n) { return moment(n.acknowledgedAt); }]],
      tables: [['rectification', '整改事项', ['问题', '整改期限', '状态'], function (n, l) {
        return n.rectificationItems.map(function (r) { return [link(r.id, r.problem), r.dueOn, l('RectificationStatus', r.status)]; });
      }]] },
    'risk-bulletins': { type: 'RiskBulletin', title: '风险提示', documents: [],
      selection: 'title body publishedAt withdrawnAt publishedBy { name }',
      fields: [['标题', function (n) { return n.title; }], ['发布单位', function (n) { return n.publishedBy ? n.publishedBy.name : '—'; }],
        ['发布时间', function (n) { return moment(n.publishedAt); }], ['内容', function (n) { return n.body; }],
        ['撤回时间', function (n) { return moment(n.withdrawnAt); }]] },
    'campaigns': { type: 'Campaign', title: '专项行动', documents: [['CAMPAIGN_SUMMARIES', '工作总结汇总']],
      ledger: ['campaignSummaries', '工作总结汇总表', function (id) { return { campaign: id }; }],
      selection: 'name kind startsOn endsOn organizer { name } summaries { id status dueOn office { name } }',
      fields: [['行动', function (n) { return n.name; }], ['类型', function (n, l) { return l('CampaignKind', n.kind); }],
        ['组织单位', function (n) { return n.organizer.name; }], ['期间', function (n) { return n.startsOn + ' 至 ' + n.endsOn; }]],
      tables: [['summaries', '工作总结', ['区县三方办', '状态', '报送期限'], function (n, l) {
        return n.summaries.map(function (s) { return [link(s.id, s.office.name), l('SummaryStatus', s.status), s.dueOn]; });
      }]] },
    'organizations': { type: 'Organization', title: '单位', documents: [],
      selection: 'name kind region { name } parent { id name }',
      fields: [['名称', function (n) { return n.name; }], ['类型', function (n, l) { return l('OrganizationKind', n.kind); }],
        ['区域', function (n) { return n.region.name; }], ['上级', function (n) { return n.parent ? link(n.parent.id, n.parent.name) : '—'; }]],
      // An employer's risk grades from shared data, as the viewer may see them.
      extra: 'grades: riskGrades(filter: { employer: $id }, first: 12) { edges { node { month grade points gradedAt } } }',
      tables: [['grades', '风险等级', ['月份', '等级', '分值', '评定时间'], function (n, l, data) {
        return data.grades.edges.map(function (e) { return [e.node.month.slice(0, 7), l('RiskGrade', e.node.grade), String(e.node.points), moment(e.node.gradedAt)]; });
      }]] },
    'deadlines': { type: 'Deadline', title: '期限', documents: [],
      selection: 'kind rule status dueAt daysLeft closedAt subjectId organizations { id name }',
      fields: [['期限', function (n, l) { return l('DeadlineKind', n.kind); }], ['依据', function (n) { return n.rule; }],
        ['状态', function (n, l) { return l('DeadlineStatus', n.status); }], ['到期', function (n) { return moment(n.dueAt); }],
        ['剩余天数', function (n) { return String(n.daysLeft); }], ['结束时间', function (n) { return moment(n.closedAt); }],
        ['单位', function (n) { return n.organizations.map(function (o) { return o.name; }).join('、') || '—'; }],
        ['事项', function (n) { return n.subjectId ? link(n.subjectId, '查看') : '—'; }]] },
    'harmony-titles': { type: 'HarmonyTitle', title: '和谐劳动关系命名', documents: [],
      selection: 'title level year namedBy validUntil revokedAt employer { id name }',
      fields: [['用人单位', function (n) { return n.employer ? link(n.employer.id, n.employer.name) : '—'; }], ['称号', function (n) { return n.title; }],
        ['级别', function (n, l) { return l('TitleLevel', n.level); }], ['年度', function (n) { return String(n.year); }],
        ['命名机关', function (n) { return n.namedBy; }], ['有效期至', function (n) { return n.validUntil || '—'; }],
        ['撤销时间', function (n) { return moment(n.revokedAt); }]] },
    'evaluation-guides': { type: 'EvaluationGuide', title: '质效评价指引', documents: [],
      selection: 'title code edition status maxPoints publishedAt',
      fields: [['指引', function (n) { return n.title; }], ['编号', function (n) { return n.code + '（第' + n.edition + '版）'; }],
        ['状态', function (n, l) { return l('GuideStatus', n.status); }], ['满分', function (n) { return String(n.maxPoints); }],
        ['发布时间', function (n) { return moment(n.publishedAt); }]] }
  };

  // The collection of a global id's type (its id is base64url of
  // "<Type>:<row>"), for the types that have a page.
  var COLLECTION = {};
  Object.keys(RECORDS).forEach(function (collection) { COLLECTION[RECORDS[collection].type] = collection; });

  function pageOf(id) {
    var text;
    try { text = window.atob(id.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((id.length + 3) % 4)); } catch (e) { return null; }
    var collection = COLLECTION[text.split(':')[0]];
    return collection ? ROOT + collection + '/' + id : null;
  }

  // A link to a record's page, or the bare text when it has none.
  function link(id, text) {
    var href = id && pageOf(id);
    return href ? element('a', { href: href, 'data-link': id }, [text]) : text;
  }

  function moment(instant) {
    if (!instant) { return '—'; }
    return new Date(new Date(instant).getTime() + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
  }

  function labeller(labels) {
    var names = {};
    labels.forEach(function (l) { names[l.enum + '.' + l.value] = l.label; });
    return function (e, v) { return names[e + '.' + v] || v; };
  }

  // A table of `header` over `rows` (each cell text or a node), named for readers.
  function grid(name, header, rows, attributes) {
    var table = element('table', Object.assign({ class: 'coverage record', 'data-table': name }, attributes || {}), [
      element('tr', {}, header.map(function (h) { return element('th', {}, [h]); }))
    ].concat(rows.map(function (cells) {
      return element('tr', {}, cells.map(function (cell) { return element('td', {}, [cell]); }));
    })));
    return table;
  }

  // A record's page: its fields, its clocks, its lists (sessions, clauses,
  // versions…), its history from the audit trail, and its documents.
  function recordPage(collection, id) {
    var spec = RECORDS[collection];
    var clocks = (spec.clocks || []).map(function (c) { return c[1] + ' { id kind dueAt status daysLeft closedAt }'; }).join(' ');
    var query = 'query($id: ID!) { record: node(id: $id) { id ... on ' + spec.type + ' { ' + spec.selection + ' ' + clocks + ' } }\n' +
      (spec.extra || '') + '\n' +
      '  history: auditEntries(filter: { subject: $id }, first: 100) { totalCount edges { node { occurredAt operation summary actor { displayName } actingOrganization { name } } } }\n' +
      '  labels: enumLabels { enum value label } }';
    show([element('header', {}, [element('h1', {}, ['协商 · ' + spec.title])]), element('main', {}, ['正在加载…'])]);
    gql(query, { id: id }).then(function (data) {
      var l = labeller(data.labels);
      var n = data.record;
      var fields = element('table', { class: 'coverage record', 'data-table': 'record' }, spec.fields.map(function (f) {
        return element('tr', { 'data-field': f[0] }, [element('th', {}, [f[0]]), element('td', {}, [f[1](n, l)])]);
      }));
      var sections = [];
      var running = (spec.clocks || []).filter(function (c) { return n[c[1]]; });
      if (running.length) {
        sections.push(element('h3', {}, ['期限']));
        sections.push(grid('clocks', ['期限', '到期', '状态', '剩余天数'], running.map(function (c) {
          var clock = n[c[1]];
          return [link(clock.id, c[0]), moment(clock.dueAt), l('DeadlineStatus', clock.status), clock.status === 'OPEN' ? String(clock.daysLeft) : '—'];
        })));
      }
      (spec.tables || []).forEach(function (t) {
        var rows = t[3](n, l, data);
        if (!rows.length) { return; }
        sections.push(element('h3', {}, [t[1] + '（' + rows.length + '）']));
        sections.push(grid(t[0], t[2], rows, { 'data-rows': String(rows.length) }));
      });
      var history = grid('history', ['时间', '操作', '单位', '经办人'], data.history.edges.map(function (edge) {
        var e = edge.node;
        return [moment(e.occurredAt), e.operation, e.actingOrganization ? e.actingOrganization.name : '—', e.actor ? e.actor.displayName : '—'];
      }).concat(data.history.totalCount ? [] : [['暂无', '', '', '']]), { 'data-total': String(data.history.totalCount) });
      var status = element('span', { id: 'document-status' }, []);
      var buttons = spec.documents.map(function (d) {
        var button = element('button', { type: 'button', 'data-document': d[0] }, ['下载' + d[1]]);
        button.addEventListener('click', function () {
          download('exportDocument', 'ExportDocumentInput', { document: d[0], id: id }, status);
        });
        return button;
      });
      if (spec.ledger) {
        var ledger = element('button', { type: 'button', 'data-ledger': spec.ledger[0] }, ['导出' + spec.ledger[1]]);
        ledger.addEventListener('click', function () {
          var input = {};
          input[spec.ledger[0]] = spec.ledger[2](id);
          download('exportLedger', 'ExportLedgerInput', input, status);
        });
        buttons.push(ledger);
      }
      show([
        element('header', {}, [element('h1', {}, ['协商 · ' + spec.title])]),
        element('main', { 'data-ready': 'true', 'data-record': n.id }, [
          element('p', {}, [element('a', { href: ROOT }, ['返回工作台'])]),
          fields,
          element('p', {}, buttons.concat([' ', status]))
        ].concat(sections).concat([element('h3', {}, ['经过']), history]))
      ]);
    }).catch(failed);
  }

  // Asks for a spreadsheet or a document (`exportLedger` or
  // `exportDocument`), then downloads it; `status` tells what happened.
  function download(mutation, type, input, status) {
    gql('mutation($input: ' + type + '!) { done: ' + mutation + '(input: $input) { download { url fileName } userErrors { message } } }', { input: input })
      .then(function (answer) {
        var done = answer.done;
        if (!done.download) { status.textContent = done.userErrors[0].message; return; }
        status.setAttribute('data-download', done.download.url);
        status.textContent = done.download.fileName;
        window.location.href = ROOT + done.download.url.replace(/^\//, '');
      }).catch(function (e) { status.textContent = e.message; });
  }

  // The landing page of a party or an association: the offers and the
  // agreements the viewer may see (an association's: those binding its
  // members), each linking to its page.
  function landing(head, organizations) {
    var association = organizations.filter(function (o) { return o.kind === 'EMPLOYER_ASSOCIATION'; })[0];
    var query = 'query($a: ID) {\n' +
      '  offers: offers(first: 50) { totalCount edges { node { id status employer { name } issuingOrganization { name } } } }\n' +
      '  agreements: agreements(filter: { association: $a }, first: 50) { totalCount edges { node { id title status } } }\n' +
      '  labels: enumLabels(enums: ["OfferStatus", "AgreementStatus"]) { enum value label } }';
    return gql(query, { a: association ? association.id : null }).then(function (data) {
      var l = labeller(data.labels);
      var rows = function (edges, cells) {
        return edges.map(function (edge) {
          return element('tr', { 'data-id': edge.node.id }, cells(edge.node).map(function (text, at) {
            return element('td', {}, [at === 0 ? link(edge.node.id, text) : text]);
          }));
        });
      };
      var section = function (name, title, list, header, body) {
        return [
          element('h3', { 'data-figure': name, 'data-value': String(list.totalCount) }, [title + '（' + list.totalCount + '）']),
          element('table', { class: 'coverage', 'data-table': name }, [
            element('tr', {}, header.map(function (h) { return element('th', {}, [h]); }))
          ].concat(body))
        ];
      };
      var offers = rows(data.offers.edges, function (n) {
        return [n.employer.name, n.issuingOrganization.name, l('OfferStatus', n.status)];
      });
      var agreements = rows(data.agreements.edges, function (n) {
        return [n.title, l('AgreementStatus', n.status)];
      });
      show([head, element('main', { 'data-ready': 'true' }, [
        element('h2', {}, [organizations.map(function (o) { return o.name; }).join('、')])
      ].concat(section('myOffers', '要约', data.offers, ['用人单位', '发出方', '状态'], offers))
        .concat(section('myAgreements', association ? '会员单位的集体合同' : '集体合同', data.agreements, ['合同', '状态'], agreements)))]);
    });
  }

  // Routes: a record's path, `#/list/<kind>?f=<filter>…` for a list, anything else the dashboard.
  function route() {
    if (!token()) { loginForm(); return; }
    var path = window.location.pathname.slice(new URL(ROOT).pathname.length);
    var record = /^([a-z-]+)\/([A-Za-z0-9_-]+)$/.exec(path);
    if (record && RECORDS[record[1]]) { recordPage(record[1], record[2]); return; }
    var match = /^#\/list\/(\w+)\?(.*)$/.exec(window.location.hash);
    if (match) {
      var params = new URLSearchParams(match[2]);
      var filter;
      try { filter = JSON.parse(params.get('f')); } catch (e) { filter = null; }
      if (filter) { listPage(match[1], filter, params.get('t'), Number(params.get('p')) || 1, params.get('a')); return; }
    }
    dashboard();
  }
  window.addEventListener('hashchange', route);
  route();
}());
