import { createRequire } from 'node:module';
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
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

const REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Packages the domain imports with `await import()` on some inputs only (HTML articles; text whose
 * language the quick checks cannot settle, for franc-min): bundled into `node_modules/<name>/index.mjs`
 * of the asset rather than into index.mjs, so the runtime resolves the dynamic import there and no
 * other invocation pays to load them.
 */
export const LAZY_MODULES = ['linkedom', '@mozilla/readability', 'franc-min'] as const;

/**
 * Shell commands that bundle one package, with the house esbuild options, as an ESM package in the asset.
 * The entry re-exports every name the package exports (read from its CommonJS view), so a CommonJS
 * package (Readability) keeps its named exports and an ES one loses none.
 *
 * @example lazyModuleCommands('linkedom', '/asset-output')
 *   // → ["mkdir -p '/asset-output/node_modules/linkedom' && printf …", "printf '%s' 'export { DOMParser, … } from …' | npx --no-install esbuild …"]
 */
function lazyModuleCommands(name: string, outputDir: string): string[] {
  const directory = `${outputDir}/node_modules/${name}`;
  const names = commonJsExportNamesOf(name);
  // An ES package re-exports as it is; a CommonJS one needs its names spelled out for esbuild.
  const entry = names === null ? `export * from '${name}';` : `export { ${names.join(', ')} } from '${name}';`;
  const manifest = JSON.stringify({ name, type: 'module', exports: './index.mjs' });
  const esbuild = [
    'npx --no-install esbuild --bundle --platform=node --format=esm --target=node22 --main-fields=module,main',
    `--minify --charset=utf8 --sourcemap --sources-content=false --log-level=warning ${shellQuote(`--banner:js=${REQUIRE_BANNER}`)}`,
    `--outfile=${shellQuote(`${directory}/index.mjs`)}`,
  ].join(' ');
  return [
    `mkdir -p ${shellQuote(directory)} && printf '%s' ${shellQuote(manifest)} > ${shellQuote(`${directory}/package.json`)}`,
    `printf '%s' ${shellQuote(entry)} | ${esbuild}`,
  ];
}

/**
 * The export names of a package loaded through `require`, or null for an ES-only package on a Node
 * without `require(esm)` (before 20.19), whose `export *` esbuild can follow statically anyway.
 */
function commonJsExportNamesOf(name: string): string[] | null {
  try {
    return Object.keys(createRequire(import.meta.url)(name) as object).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM') return null;
    throw error;
  }
}

/** POSIX single-quoting: `it's` → `'it'\''s'`. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
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
 * - **The AWS SDK bundled**: the version we test is the version we run, and bundled, tree-shaken
 *   clients start faster than the runtime's copy (`npm run bench` measures both).
 * - **Rarely needed libraries as lazy packages** (`LAZY_MODULES`): the HTML libraries and the franc-min
 *   language models, bundled beside index.mjs and loaded on the first article that needs them only.
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
        banner: REQUIRE_BANNER,
        target: 'node22',
        minify: true,
        // Rules, gazetteer, stop words and taxonomy hold many non-ASCII characters: written as UTF-8 rather
        // than \uXXXX escapes they take about 40 KB less of the bundle. Node reads UTF-8 sources.
        charset: Charset.UTF8,
        sourceMap: true,
        sourcesContent: false,
        // The SDK stays bundled; only the lazily imported libraries stay out of index.mjs (see below).
        externalModules: [...LAZY_MODULES],
        forceDockerBundling: false,
        // esbuild inlines a dynamic import() into a single-file bundle, so every cold start would still read
        // and parse these libraries; built as packages beside index.mjs, they load on the first article
        // that needs them only. (CDK's --outfile rules out esbuild's own code splitting.)
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir, outputDir) => LAZY_MODULES.flatMap((name) => lazyModuleCommands(name, outputDir)),
        },
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
