import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface KabarFunctionProps {
  /** Path of the handler module, e.g. `functions/ingest/handler.ts`; it must export `handler`. */
  entry: string;
  /** Stops the function after this long. */
  timeout: Duration;
  /** Memory (and so CPU share) in MB. */
  memorySize: number;
  /** CloudWatch Logs retention of the function's own log group. */
  logRetention: RetentionDays;
  /** `POWERTOOLS_SERVICE_NAME`: the service dimension of logs, metrics and traces. */
  serviceName: string;
  /** `POWERTOOLS_METRICS_NAMESPACE`: where the function's custom metrics land. */
  metricsNamespace: string;
  /** Extra environment variables (resource names are better bound by a grant method that sets them). */
  environment?: Record<string, string>;
  description?: string;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The house bundler, run by Node in a child process: CDK's local bundling is synchronous, esbuild's plugins are not. */
const BUNDLER = join(ROOT, 'infra', 'bundle-function.ts');

/**
 * Our one way to declare a Lambda function, so no function block is ever copied. Defaults:
 *
 * - **Runtime `nodejs22.x`**, pinned rather than "latest" so a CDK upgrade cannot change the runtime under us.
 * - **arm64** (Graviton): cheaper per GB-second and as fast for this CPU-bound JavaScript.
 * - **Bundled by `infra/bundle-function.ts`** with esbuild, locally (never Docker: synth works on any
 *   machine with `npm ci`): ESM with code splitting, so what only some invocations need (the HTML
 *   libraries and extraction, franc-min's models, the dead-letter sender's SQS client, the SDK's
 *   credential providers other than the environment's) is a chunk loaded on first use; the data files
 *   beside the code as JSON; minified, with source maps (no embedded sources) and
 *   `NODE_OPTIONS=--enable-source-maps` so stack traces point at our TypeScript. (`NodejsFunction`
 *   bundles to one file with `--outfile`, which rules out esbuild's code splitting.)
 * - **The AWS SDK bundled**: the version we test is the version we run, and bundled, tree-shaken
 *   clients start faster than the runtime's copy (`npm run bench` measures both).
 * - **Its own log group** with a retention, written through an explicit grant on that group instead of
 *   the `AWSLambdaBasicExecutionRole` managed policy (which allows writing to every log group).
 * - **Active X-Ray tracing.**
 * - **Timeout and memory** from the caller, who takes them from `infra/settings.ts`.
 *
 * @example
 *   new KabarFunction(this, 'IngestFunction', {
 *     entry: 'functions/ingest/handler.ts', timeout: Duration.seconds(60), memorySize: 1024,
 *     logRetention: RetentionDays.ONE_MONTH, serviceName: 'kabar-ingest', metricsNamespace: 'Kabar',
 *   }).fn // → a Function whose role may only write its log group and X-Ray traces, so far
 */
export class KabarFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: KabarFunctionProps) {
    super(scope, id);

    // Logs are operational data, not records: they go with the stack and their retention bounds them anyway.
    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}; permissions come from explicit, resource-scoped grants.`,
    });
    // logs:CreateLogStream and logs:PutLogEvents on this function's log group only.
    this.logGroup.grantWrite(role);

    this.fn = new LambdaFunction(this, 'Function', {
      code: Code.fromAsset(ROOT, {
        // Hash what is deployed, not the whole project directory.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never pulled: local bundling always succeeds. CDK requires a Docker fallback, and caches bundles
          // by these options, so the command must name the entry (or two functions would share one bundle).
          image: Runtime.NODEJS_22_X.bundlingImage,
          command: ['node', '--import', 'tsx', 'infra/bundle-function.ts', props.entry, '/asset-output'],
          local: {
            tryBundle(outputDir) {
              execFileSync(process.execPath, ['--import', 'tsx', BUNDLER, props.entry, outputDir], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
              return true;
            },
          },
        },
      }),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        ...props.environment,
      },
    });

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is pinned on purpose: it is the runtime the code is tested on (CI and the artifact test ' +
        'run Node 22); moving to a newer runtime is a deliberate, tested change, not a side effect of a CDK upgrade.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing grants xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
        'resource-level permissions (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html).',
    });
  }
}
