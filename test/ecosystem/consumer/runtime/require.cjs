// Loads the package with require() and prints what it gives.
const { AttioStrategy, Strategy, ATTIO_SCOPES } = require("passport-attio");

const strategy = new AttioStrategy({ clientID: "id", clientSecret: "secret", callbackURL: "/cb" }, async () => false);
// Loading the strategy must not load the sandbox.
const sandboxIsLoaded = () => Object.keys(require.cache).some((file) => /[\\/]dist[\\/]testing[\\/]/.test(file));
const sandboxLoaded = sandboxIsLoaded();
const testing = require("passport-attio/testing");
const sandboxLoadedOnRequest = sandboxIsLoaded();
console.log(
  JSON.stringify({
    sandboxLoaded,
    sandboxLoadedOnRequest,
    testing: Object.keys(testing).sort(),
    exports: Object.keys(require("passport-attio")).sort(),
    aliased: Strategy === AttioStrategy,
    strategyName: strategy.name,
    scopes: Object.keys(ATTIO_SCOPES).length,
  }),
);
