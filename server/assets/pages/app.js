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

  function logout() {
    var done = function () { window.sessionStorage.removeItem(TOKEN); loginForm(); };
    gql('mutation { logout { revokedSessions } }').then(done, done);
  }

  var OPEN_CASES = ['REPORTED', 'ASSESSED', 'RESOLVING'];
  var ISSUED = ['ISSUED', 'ACCEPTED', 'DECLINED', 'IN_NEGOTIATION', 'CONCLUDED', 'SUSPENDED', 'WITHDRAWN'];
  var UNDER_WAY = ['EXPLAINED', 'OPINION_GIVEN', 'ANSWERED', 'REPORTED', 'IMPLEMENTING'];

  // The figures of the dashboard: one query, each list's totalCount over the region.
  var FIGURES = 'query($r: ID!, $from: DateTime!, $until: DateTime!) {\n' +
    '  offers: offers(filter: { region: $r, statuses: [' + ISSUED.join(', ') + '] }, first: 1) { totalCount }\n' +
    '  openRiskCases: riskCases(filter: { region: $r, statuses: [' + OPEN_CASES.join(', ') + '] }, first: 1) { totalCount }\n' +
    '  dueThisWeek: deadlines(filter: { region: $r, statuses: [OPEN], dueFrom: $from, dueUntil: $until }, first: 1) { totalCount }\n' +
    '  missedDeadlines: deadlines(filter: { region: $r, statuses: [MISSED] }, first: 1) { totalCount }\n' +
    '  expiringAgreements: agreements(filter: { region: $r, expiringWithinDays: 90 }, first: 1) { totalCount }\n' +
    '  layoffsUnderWay: layoffPlans(filter: { region: $r, statuses: [' + UNDER_WAY.join(', ') + '] }, first: 1) { totalCount }\n' +
    '  coverage: coverageReport(region: $r) { byRegion { region { id name code } titledEmployers evaluated modelCoverage workers workersCovered workerCoverage } }\n' +
    '}';

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
      var label = {};
      data.labels.forEach(function (l) { label[l.enum + '.' + l.value] = l.label; });
      var levels = LEVELS.map(function (l) { return [l, label['WarningLevel.' + l] || l, data[l].totalCount]; });
      var assessed = levels.reduce(function (sum, row) { return sum + row[2]; }, 0);
      levels.push(['UNASSESSED', '尚未研判', openCases - assessed]);
      var items = ITEMS.map(function (i) { return [i, label['MonitoredItem.' + i] || i, data[i].totalCount]; })
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
          return [line.category, label['OfferCategory.' + line.category] || line.category].concat(counts(line.counts));
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
  // export's input field, what a row shows, and the figure's filter.
  var LISTS = {
    offers: { list: 'offers', type: 'OfferFilterInput', title: '已发出要约',
      columns: [['单位', 'employer { name }', function (n) { return n.employer.name; }],
        ['类别', 'category', function (n, l) { return l('OfferCategory', n.category); }],
        ['状态', 'status', function (n, l) { return l('OfferStatus', n.status); }],
        ['发出时间', 'issuedAt', function (n) { return (n.issuedAt || '').slice(0, 10); }]] },
    riskCases: { list: 'riskCases', type: 'RiskCaseFilterInput', title: '未结风险事项',
      columns: [['单位', 'employer { name }', function (n) { return n.employer.name; }],
        ['状态', 'status', function (n, l) { return l('RiskStatus', n.status); }],
        ['预警级别', 'level', function (n, l) { return n.level ? l('WarningLevel', n.level) : '尚未研判'; }],
        ['接报时间', 'receivedAt', function (n) { return n.receivedAt.slice(0, 10); }]] },
    deadlines: { list: 'deadlines', type: 'DeadlineFilterInput', title: '期限',
      columns: [['期限', 'kind', function (n, l) { return l('DeadlineKind', n.kind); }],
        ['状态', 'status', function (n, l) { return l('DeadlineStatus', n.status); }],
        ['到期', 'dueAt', function (n) { return n.dueAt.slice(0, 16).replace('T', ' '); }]] },
    agreements: { list: 'agreements', type: 'AgreementFilterInput', title: '90日内到期合同',
      columns: [['合同', 'title', function (n) { return n.title; }],
        ['种类', 'kind', function (n, l) { return l('AgreementKind', n.kind); }],
        ['期限届满', 'termEndsOn', function (n) { return n.termEndsOn || ''; }]] },
    layoffPlans: { list: 'layoffPlans', type: 'LayoffPlanFilterInput', title: '进行中的裁员方案',
      columns: [['单位', 'employer { name }', function (n) { return n.employer.name; }],
        ['状态', 'status', function (n, l) { return l('LayoffStatus', n.status); }],
        ['拟裁减人数', 'cut', function (n) { return String(n.cut); }]] }
  };

  // The list of a figure: its kind and filter (the dashboard's own).
  function figureList(name, region, from, until) {
    var open = ['REPORTED', 'ASSESSED', 'RESOLVING'];
    switch (name) {
      case 'offers': return ['offers', { region: region, statuses: ISSUED }];
      case 'openRiskCases': return ['riskCases', { region: region, statuses: open }];
      case 'dueThisWeek': return ['deadlines', { region: region, statuses: ['OPEN'], dueFrom: from, dueUntil: until }];
      case 'missedDeadlines': return ['deadlines', { region: region, statuses: ['MISSED'] }];
      case 'overdueForms': return ['deadlines', { region: region, kinds: ['RISK_FORM'], statuses: ['MISSED'] }];
      case 'expiringAgreements': return ['agreements', { region: region, expiringWithinDays: 90 }];
      default: return ['layoffPlans', { region: region, statuses: UNDER_WAY }];
    }
  }

  function listLink(name, region, from, until) {
    var target = figureList(name, region, from, until);
    return '#/list/' + target[0] + '?f=' + encodeURIComponent(JSON.stringify(target[1]));
  }

  // A list page: the first 100 rows of the list with the figure's filter,
  // its total, and its spreadsheet (exportLedger) for download.
  function listPage(kind, filter) {
    var spec = LISTS[kind];
    if (!spec) { dashboard(); return; }
    var selection = spec.columns.map(function (c) { return c[1]; }).join(' ');
    var query = 'query($f: ' + spec.type + ') { rows: ' + spec.list + '(filter: $f, first: 100) { totalCount edges { node { id ' + selection + ' } } }\n' +
      '  labels: enumLabels(enums: ["OfferCategory", "OfferStatus", "RiskStatus", "WarningLevel", "DeadlineKind", "DeadlineStatus", "AgreementKind", "LayoffStatus"]) { enum value label } }';
    show([element('header', {}, [element('h1', {}, ['协商 · ' + spec.title])]), element('main', {}, ['正在加载…'])]);
    gql(query, { f: filter }).then(function (data) {
      var names = {};
      data.labels.forEach(function (l) { names[l.enum + '.' + l.value] = l.label; });
      var l = function (e, v) { return names[e + '.' + v] || v; };
      var back = element('a', { href: '#/' }, ['返回工作台']);
      var exportButton = element('button', { type: 'button', id: 'export' }, ['导出 Excel']);
      var status = element('span', { id: 'export-status' }, []);
      exportButton.addEventListener('click', function () {
        var input = {};
        input[kind] = filter;
        gql('mutation($input: ExportLedgerInput!) { exportLedger(input: $input) { download { url fileName rows } userErrors { message } } }', { input: input })
          .then(function (answer) {
            var done = answer.exportLedger;
            if (!done.download) { status.textContent = done.userErrors[0].message; return; }
            status.setAttribute('data-download', done.download.url);
            status.textContent = done.download.fileName;
            window.location.href = ROOT + done.download.url.replace(/^\//, '');
          }).catch(function (e) { status.textContent = e.message; });
      });
      var rows = data.rows.edges.map(function (edge) {
        return element('tr', { 'data-id': edge.node.id }, spec.columns.map(function (c) { return element('td', {}, [c[2](edge.node, l)]); }));
      });
      var table = element('table', { class: 'coverage', 'data-table': 'list' }, [
        element('tr', {}, spec.columns.map(function (c) { return element('th', {}, [c[0]]); }))
      ].concat(rows));
      show([
        element('header', {}, [element('h1', {}, ['协商 · ' + spec.title])]),
        element('main', { 'data-ready': 'true', 'data-total': String(data.rows.totalCount) }, [
          element('p', {}, [back, '　共 ' + data.rows.totalCount + ' 条' + (data.rows.totalCount > 100 ? '，显示前100条' : '') + '　', exportButton, ' ', status]),
          table
        ])
      ]);
    }).catch(function (e) { show([element('main', { 'data-ready': 'error' }, ['加载失败：' + e.message])]); });
  }

  var LABELS = [
    ['offers', '已发出要约'],
    ['openRiskCases', '未结风险事项'],
    ['dueThisWeek', '本周到期期限'],
    ['missedDeadlines', '已逾期期限'],
    ['expiringAgreements', '90日内到期合同'],
    ['layoffsUnderWay', '进行中的裁员方案']
  ];

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
      var from = new Date();
      var until = new Date(from.getTime() + 7 * 24 * 3600 * 1000);
      var variables = { r: office.region.id, from: from.toISOString(), until: until.toISOString() };
      return gql(FIGURES, variables).then(function (figures) {
        var cards = LABELS.map(function (pair) {
          var value = figures[pair[0]].totalCount;
          return element('a', { class: 'figure', href: listLink(pair[0], office.region.id, variables.from, variables.until), 'data-figure': pair[0], 'data-value': String(value) }, [
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
        var main = element('main', { 'data-region': office.region.id, 'data-from': variables.from, 'data-until': variables.until }, [
          element('h2', {}, [office.region.name + '工作台']),
          element('div', { class: 'figures' }, cards),
          element('div', { class: 'charts' }, [model, contracts]),
          table
        ]);
        show([head, main]);
        tiles(model, '示范单位覆盖率（命名单位中已评价的比例）', lines, 'modelCoverage');
        tiles(contracts, '集体合同覆盖率（职工）', lines, 'workerCoverage');
        var today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
        return breakdown(main, office.region.id, today, figures.openRiskCases.totalCount).then(function () {
          main.setAttribute('data-ready', 'true');
        });
      });
    }).catch(function (e) {
      if (e.code === 'UNAUTHENTICATED') { window.sessionStorage.removeItem(TOKEN); loginForm('登录已过期，请重新登录'); return; }
      show([element('main', { 'data-ready': 'error' }, ['加载失败：' + e.message])]);
    });
  }

  // The pages of one record, by the collection in its path (as emails link
  // to them): what it shows of the record, and its documents.
  var RECORDS = {
    'offers': { type: 'Offer', title: '要约', documents: [['OFFER_LETTER', '要约书'], ['OFFER_RESPONSE', '回应书']],
      selection: 'category status issuedAt answeredAt employer { name } issuingOrganization { name } receivingOrganization { name } replyDeadline { dueAt status }',
      fields: [['用人单位', function (n) { return n.employer.name; }], ['发出方', function (n) { return n.issuingOrganization.name; }],
        ['接收方', function (n) { return n.receivingOrganization.name; }], ['类别', function (n, l) { return l('OfferCategory', n.category); }],
        ['状态', function (n, l) { return l('OfferStatus', n.status); }], ['发出时间', function (n) { return moment(n.issuedAt); }],
        ['书面回应', function (n) { return moment(n.answeredAt); }],
        ['答复期限', function (n, l) { return n.replyDeadline ? moment(n.replyDeadline.dueAt) + '（' + l('DeadlineStatus', n.replyDeadline.status) + '）' : '—'; }]] },
    'agreements': { type: 'Agreement', title: '集体合同', documents: [['AGREEMENT_TEXT', '合同文本'], ['FILING_RECEIPT', '受理回执'], ['REVIEW_OPINION', '审查意见书']],
      selection: 'title kind status termStartsOn termEndsOn workersCovered textVersion clauses { heading text }',
      fields: [['合同', function (n) { return n.title; }], ['种类', function (n, l) { return l('AgreementKind', n.kind); }],
        ['状态', function (n, l) { return l('AgreementStatus', n.status); }], ['期限', function (n) { return (n.termStartsOn || '') + ' 至 ' + (n.termEndsOn || ''); }],
        ['覆盖职工', function (n) { return n.workersCovered === null ? '—' : String(n.workersCovered); }], ['文本版本', function (n) { return String(n.textVersion); }],
        ['条款', function (n) { return n.clauses.map(function (c) { return c.heading; }).join('；'); }]] },
    'risk-cases': { type: 'RiskCase', title: '风险事项', documents: [['QUICK_REPORT', '速报表（附件3）'], ['RISK_INFORMATION_FORM', '信息情况表（附件4）']],
      selection: 'status level summary receivedAt employer { name }',
      fields: [['用人单位', function (n) { return n.employer ? n.employer.name : '—'; }], ['状态', function (n, l) { return l('RiskStatus', n.status); }],
        ['预警级别', function (n, l) { return n.level ? l('WarningLevel', n.level) : '尚未研判'; }], ['摘要', function (n) { return n.summary; }],
        ['接报时间', function (n) { return moment(n.receivedAt); }]] },
    'layoff-plans': { type: 'LayoffPlan', title: '裁员方案', documents: [],
      selection: 'status cut workforce firstTermination employer { name } noticeDeadline { dueAt status }',
      fields: [['用人单位', function (n) { return n.employer.name; }], ['状态', function (n, l) { return l('LayoffStatus', n.status); }],
        ['拟裁减人数', function (n) { return n.cut + ' / ' + n.workforce; }], ['最早解除日', function (n) { return n.firstTermination; }],
        ['三十日期限', function (n, l) { return n.noticeDeadline ? moment(n.noticeDeadline.dueAt) + '（' + l('DeadlineStatus', n.noticeDeadline.status) + '）' : '—'; }]] },
    'evaluations': { type: 'BargainingEvaluation', title: '质效评价', documents: [],
      selection: 'year status total grade employer { name }',
      fields: [['用人单位', function (n) { return n.employer.name; }], ['年度', function (n) { return String(n.year); }],
        ['状态', function (n, l) { return l('EvaluationStatus', n.status); }], ['得分', function (n) { return String(n.total); }],
        ['等次', function (n) { return n.grade || '—'; }]] },
    'campaign-summaries': { type: 'CampaignSummary', title: '工作总结', documents: [['CAMPAIGN_SUMMARY', '工作总结']],
      selection: 'status dueOn late submittedAt office { name } campaign { name } deadline { dueAt status }',
      fields: [['行动', function (n) { return n.campaign.name; }], ['区县三方办', function (n) { return n.office.name; }],
        ['状态', function (n, l) { return l('SummaryStatus', n.status); }], ['报送期限', function (n) { return n.dueOn; }],
        ['报送时间', function (n) { return moment(n.submittedAt) + (n.late ? '（逾期）' : ''); }]] }
  };

  function moment(instant) {
    if (!instant) { return '—'; }
    return new Date(new Date(instant).getTime() + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
  }

  var ENUMS = ['OfferCategory', 'OfferStatus', 'DeadlineStatus', 'AgreementKind', 'AgreementStatus', 'RiskStatus',
    'WarningLevel', 'LayoffStatus', 'EvaluationStatus', 'SummaryStatus'];

  // A record's page: its fields, its history from the audit trail, and its documents.
  function recordPage(collection, id) {
    var spec = RECORDS[collection];
    var query = 'query($id: ID!) { record: node(id: $id) { id ... on ' + spec.type + ' { ' + spec.selection + ' } }\n' +
      '  history: auditEntries(filter: { subject: $id }, first: 100) { totalCount edges { node { occurredAt operation summary actor { displayName } actingOrganization { name } } } }\n' +
      '  labels: enumLabels(enums: ' + JSON.stringify(ENUMS) + ') { enum value label } }';
    show([element('header', {}, [element('h1', {}, ['协商 · ' + spec.title])]), element('main', {}, ['正在加载…'])]);
    gql(query, { id: id }).then(function (data) {
      var names = {};
      data.labels.forEach(function (l) { names[l.enum + '.' + l.value] = l.label; });
      var l = function (e, v) { return names[e + '.' + v] || v; };
      var fields = element('table', { class: 'coverage', 'data-table': 'record' }, spec.fields.map(function (f) {
        return element('tr', { 'data-field': f[0] }, [element('th', {}, [f[0]]), element('td', {}, [f[1](data.record, l)])]);
      }));
      var history = element('table', { class: 'coverage', 'data-table': 'history', 'data-total': String(data.history.totalCount) }, [
        element('tr', {}, ['时间', '操作', '单位', '经办人'].map(function (h) { return element('th', {}, [h]); }))
      ].concat(data.history.edges.map(function (edge) {
        var n = edge.node;
        return element('tr', {}, [moment(n.occurredAt), n.operation, n.actingOrganization ? n.actingOrganization.name : '—',
          n.actor ? n.actor.displayName : '—'].map(function (text) { return element('td', {}, [text]); }));
      })));
      var status = element('span', { id: 'document-status' }, []);
      var buttons = spec.documents.map(function (d) {
        var button = element('button', { type: 'button', 'data-document': d[0] }, ['下载' + d[1]]);
        button.addEventListener('click', function () {
          gql('mutation($input: ExportDocumentInput!) { exportDocument(input: $input) { download { url fileName } userErrors { message } } }',
            { input: { document: d[0], id: id } }).then(function (answer) {
            var done = answer.exportDocument;
            if (!done.download) { status.textContent = done.userErrors[0].message; return; }
            status.textContent = done.download.fileName;
            window.location.href = ROOT + done.download.url.replace(/^\//, '');
          }).catch(function (e) { status.textContent = e.message; });
        });
        return button;
      });
      show([
        element('header', {}, [element('h1', {}, ['协商 · ' + spec.title])]),
        element('main', { 'data-ready': 'true', 'data-record': data.record.id }, [
          element('p', {}, [element('a', { href: ROOT }, ['返回工作台'])]),
          fields,
          element('p', {}, buttons.concat([' ', status])),
          element('h3', {}, ['经过']),
          history
        ])
      ]);
    }).catch(function (e) {
      if (e.code === 'UNAUTHENTICATED') { window.sessionStorage.removeItem(TOKEN); loginForm('请先登录'); return; }
      show([element('main', { 'data-ready': 'error' }, [e.code === 'NOT_FOUND' ? '找不到该记录，或您无权查看。' : '加载失败：' + e.message])]);
    });
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
      var names = {};
      data.labels.forEach(function (l) { names[l.enum + '.' + l.value] = l.label; });
      var rows = function (edges, collection, cells) {
        return edges.map(function (edge) {
          var link = element('a', { href: ROOT + collection + '/' + edge.node.id }, [cells(edge.node)[0]]);
          return element('tr', { 'data-id': edge.node.id }, [element('td', {}, [link])].concat(cells(edge.node).slice(1).map(function (text) {
            return element('td', {}, [text]);
          })));
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
      var offers = rows(data.offers.edges, 'offers', function (n) {
        return [n.employer.name, n.issuingOrganization.name, names['OfferStatus.' + n.status] || n.status];
      });
      var agreements = rows(data.agreements.edges, 'agreements', function (n) {
        return [n.title, names['AgreementStatus.' + n.status] || n.status];
      });
      show([head, element('main', { 'data-ready': 'true' }, [
        element('h2', {}, [organizations.map(function (o) { return o.name; }).join('、')])
      ].concat(section('myOffers', '要约', data.offers, ['用人单位', '发出方', '状态'], offers))
        .concat(section('myAgreements', association ? '会员单位的集体合同' : '集体合同', data.agreements, ['合同', '状态'], agreements)))]);
    });
  }

  // Routes: a record's path, `#/list/<kind>?f=<filter>` for a list, anything else the dashboard.
  function route() {
    if (!token()) { loginForm(); return; }
    var path = window.location.pathname.slice(new URL(ROOT).pathname.length);
    var record = /^([a-z-]+)\/([A-Za-z0-9_-]+)$/.exec(path);
    if (record && RECORDS[record[1]]) { recordPage(record[1], record[2]); return; }
    var match = /^#\/list\/(\w+)\?f=(.*)$/.exec(window.location.hash);
    if (match) {
      var filter;
      try { filter = JSON.parse(decodeURIComponent(match[2])); } catch (e) { filter = null; }
      if (filter) { listPage(match[1], filter); return; }
    }
    dashboard();
  }
  window.addEventListener('hashchange', route);
  route();
}());
