// The API's documentation page (/api/v1/docs/): Swagger UI on the OpenAPI document of the page's
// data-openapi-url. No validator badge (it would call validator.swagger.io), nothing from a CDN.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: false, // a deep link is a link inside the summary button (nested-interactive, too small a target)
    validatorUrl: null,
    supportedSubmitMethods: ["get"],
    defaultModelsExpandDepth: 0,
  });
})();
