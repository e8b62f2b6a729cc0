import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { PolicyViolation } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { KabarStack } from '../../infra/kabar-stack.ts';

// cdk-nag 3 is a policy-validation plugin, not an Aspect: findings are not Annotations, so the pack is run
// directly on the synthesized tree. `cdk synth` runs the same pack (infra/app.ts) and fails on any finding.
let app: App;
let violations: PolicyViolation[];
beforeAll(() => {
  app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  Template.fromStack(new KabarStack(app, 'Kabar'));
  violations = new AwsSolutionsChecks(app).validateScope(app).violations;
});

const describeViolations = (found: PolicyViolation[]) =>
  found.map((violation) => `${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`);

/** Every `Validations.of(x).acknowledge(...)` in the app: construct path, rule id and reason. */
function acknowledgments(): Array<{ path: string; id: string; reason: string }> {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe('AwsSolutions checks', () => {
  it('report no error', () => {
    expect(describeViolations(violations.filter((violation) => violation.severity === 'error'))).toEqual([]);
  });

  it('report no warning', () => {
    expect(describeViolations(violations.filter((violation) => violation.severity !== 'error'))).toEqual([]);
  });

  it('are acknowledged only for the reviewed findings, each on the construct it concerns', () => {
    const acknowledged = acknowledgments().map(({ path, id }) => `${path}: ${id.replace(/<[A-Za-z0-9]+\.Arn>/, '<Arn>')}`);
    expect(acknowledged.sort()).toEqual(
      [
        'Kabar/BucketNotificationsHandler050a0587b7544547bf325f094a3db834: AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'Kabar/Ingestion/IngestFunction/Function: AwsSolutions-L1',
        'Kabar/Ingestion/IngestFunction/Role: AwsSolutions-IAM5[Resource::*]',
        'Kabar/Ingestion/IngestFunction/Role: AwsSolutions-IAM5[Resource::<Arn>/bodies/*]',
        'Kabar/Ingestion/IngestFunction/Role: AwsSolutions-IAM5[Resource::<Arn>/incoming/*]',
        'Kabar/Ingestion/IngestFunction/Role: AwsSolutions-IAM5[Resource::<Arn>/index/*]',
        'Kabar/Ingestion/IngestFunction/Role: AwsSolutions-IAM5[Resource::<Arn>/templates/current/*]',
        'Kabar/Ingestion/IngestFunction/Role: AwsSolutions-IAM5[Resource::<Arn>/templates/observations/*]',
        'Kabar/Reprocessing/ReprocessFunction/Function: AwsSolutions-L1',
        'Kabar/Reprocessing/ReprocessFunction/Role: AwsSolutions-IAM5[Resource::*]',
        'Kabar/Reprocessing/ReprocessFunction/Role: AwsSolutions-IAM5[Resource::<Arn>/index/*]',
        'Kabar/Reprocessing/ReprocessFunction/Role: AwsSolutions-IAM5[Resource::<Arn>/templates/current/*]',
        'Kabar/TemplateLearning/LearnTemplatesFunction/Function: AwsSolutions-L1',
        'Kabar/TemplateLearning/LearnTemplatesFunction/Role: AwsSolutions-IAM5[Resource::*]',
        'Kabar/TemplateLearning/LearnTemplatesFunction/Role: AwsSolutions-IAM5[Resource::<Arn>/templates/*]',
        'Kabar/TemplateLearning/LearnTemplatesFunction/Role: AwsSolutions-IAM5[Resource::<Arn>/templates/current/*]',
        'Kabar/TemplateLearning/LearnTemplatesFunction/Role: AwsSolutions-IAM5[Resource::<Arn>/templates/window/*]',
      ].sort(),
    );
  });

  it('are acknowledged only with a specific reason', () => {
    const vague = acknowledgments().filter(({ reason }) => reason.trim().length < 40);
    expect(vague).toEqual([]);
  });
});
