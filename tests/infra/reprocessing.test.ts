import { App, type CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { KabarStack } from '../../infra/kabar-stack.ts';
import { STAGE_SETTINGS } from '../../infra/settings.ts';

// Bundling is skipped: these tests read the template, not the asset.
let stack: KabarStack;
let template: Template;
beforeAll(() => {
  stack = new KabarStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Kabar');
  template = Template.fromStack(stack);
});

const logicalIdOf = (resource: { node: { defaultChild?: unknown } }) => stack.getLogicalId(resource.node.defaultChild as CfnResource);

function reprocessActions(): string[] {
  const roleId = logicalIdOf(stack.reprocessing.reprocessFunction.role as never);
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  return Object.values(policies).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((s) => [s.Action].flat()),
  );
}

describe('Reprocessing', () => {
  it('runs the reprocess handler on nodejs22.x arm64', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('Re-runs the pipeline'),
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
    });
  });

  it('is bound to the table and the ingest queue through its environment', () => {
    const fn = template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('Re-runs') } });
    const variables = Object.values(fn)[0]?.Properties.Environment.Variables;
    expect(variables.ARTICLES_TABLE_NAME).toEqual({ Ref: logicalIdOf(stack.storage.table) });
    expect(variables.INGEST_QUEUE_URL).toEqual({ Ref: logicalIdOf(stack.ingestion.queue) });
  });

  it('retries a throttled page adaptively, within the run’s timeout', () => {
    const fn = template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('Re-runs') } });
    const [reprocess] = Object.values(fn);
    expect(reprocess).toBeDefined();
    const { Environment, Timeout } = reprocess?.Properties ?? {};
    expect(Environment.Variables.AWS_RETRY_MODE).toBe('adaptive');
    const attempts = Number(Environment.Variables.AWS_MAX_ATTEMPTS);
    expect(attempts).toBe(STAGE_SETTINGS.reprocess.sdkMaxAttempts);
    const longestBackoffSeconds = Array.from({ length: attempts - 1 }, (_, retry) => Math.min(20, 0.5 * 2 ** (retry + 1))).reduce((a, b) => a + b, 0);
    expect(longestBackoffSeconds).toBeLessThan(Timeout / 4);
  });

  it('may page through the table, read publishers’ templates and send to the ingest queue, and write nothing', () => {
    const actions = reprocessActions();
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'sqs:SendMessage']));
    expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject']);
  });

  it('is named in the stack outputs', () => {
    template.hasOutput('ReprocessFunctionName', {});
  });
});
