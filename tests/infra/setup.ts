import { Annotations, Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';

// CDK's `Template` and `Annotations` assertions throw when they fail but are not `expect` calls:
// each one that passes counts as an assertion, so `requireAssertions` still fails a test that checks nothing.
function countAsAssertions<T extends object>(prototype: T, names: readonly (keyof T)[]): void {
  for (const name of names) {
    const original = prototype[name] as (...args: unknown[]) => unknown;
    Object.defineProperty(prototype, name, {
      value(this: T, ...args: unknown[]) {
        const result = original.apply(this, args);
        expect.setState({ assertionCalls: expect.getState().assertionCalls + 1 });
        return result;
      },
    });
  }
}

countAsAssertions(Template.prototype, [
  'hasResource',
  'hasResourceProperties',
  'resourceCountIs',
  'resourcePropertiesCountIs',
  'allResources',
  'allResourcesProperties',
  'hasOutput',
  'hasParameter',
  'hasMapping',
  'hasCondition',
  'templateMatches',
]);
countAsAssertions(Annotations.prototype, ['hasError', 'hasNoError', 'hasWarning', 'hasNoWarning', 'hasInfo', 'hasNoInfo']);
