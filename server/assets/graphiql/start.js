// Starts GraphiQL on the page that `GET /graphql` serves to a browser.
// Everything it loads comes from this server (see README.md here).
(function () {
  "use strict";
  var endpoint = location.origin + location.pathname;
  var socket = endpoint.replace(/^http/, "ws");
  var fetcher = GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: socket });
  var explorer = GraphiQLPluginExplorer.explorerPlugin();
  var intro = [
    "# 协商 GraphQL API。先登录（管理员的初始密码见服务器首次启动时的输出）：",
    "#   mutation { login(input: { loginName: \"admin\", password: \"…\" }) { token } }",
    "# 再在下方 Headers 中填入 {\"Authorization\": \"Bearer <token>\"}。",
    "# Sign in with the mutation above, then put the token in Headers.",
    "",
    "query {",
    "  viewer {",
    "    user { displayName language }",
    "  }",
    "}",
    ""
  ].join("\n");
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      visiblePlugin: explorer,
      defaultQuery: intro,
      defaultEditorToolsVisibility: true
    })
  );
})();
