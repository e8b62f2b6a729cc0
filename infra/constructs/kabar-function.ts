import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
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

/**
 * Our one way to declare a Lambda function: `NodejsFunction` with the house defaults, so no function
 * block is ever copied. Defaults:
 *
 * - **Runtime `nodejs22.x`**, pinned rather than "latest" so a CDK upgrade cannot change the runtime under us.
 * - **arm64** (Graviton): cheaper per GB-second and as fast for this CPU-bound JavaScript.
 * - **ESM output** (`index.mjs`, `mainFields: ['module', 'main']`) so dependencies' ES builds are tree-shaken,
 *   with a banner defining `require` via `createRequire` for the CommonJS dependencies that still call it.
 * - **Minified**, with **source maps** (no embedded sources, to keep the asset small) and
 *   `NODE_OPTIONS=--enable-source-maps` so stack traces point at our TypeScript.
 * - **The AWS SDK bundled** (`externalModules: []`): the version we test is the version we run, and
 *   bundled, tree-shaken clients start faster than the runtime's copy.
 * - **Local esbuild, never Docker** (`forceDockerBundling: false`): synth works on any machine with `npm ci`.
 * - **Its own log group** with a retention, written through an explicit grant on that group instead of
 *   the `AWSLambdaBasicExecutionRole` managed policy (which allows writing to every log group).
 * - **Active X-Ray tracing.**
 * - **Timeout and memory** from the caller, who takes them from `infra/settings.ts`.
 *
 * @example
 *   new KabarFunction(this, 'IngestFunction', {
 *     entry: 'functions/ingest/handler.ts', timeout: Duration.seconds(60), memorySize: 1024,
 *     logRetention: RetentionDays.ONE_MONTH, serviceName: 'kabar-ingest', metricsNamespace: 'Kabar',
 *   }).fn // → a NodejsFunction whose role may only write its log group and X-Ray traces, so far
 */
export class KabarFunction extends Construct {
  readonly fn: NodejsFunction;
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

    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
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
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        target: 'node22',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        externalModules: [],
        forceDockerBundling: false,
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
