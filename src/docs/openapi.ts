import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { version } from '../../package.json';
import { API_KEY_SCHEME } from '../auth/access.docs';
import { addCaseEventSchemas } from '../cases/dto/case-event.schemas';

export const DOCS_PATH = 'docs';
export const DOCS_JSON_PATH = 'docs-json';

/** The OpenAPI document of every route the app serves. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Compliance Ledger')
    .setDescription(
      'Event-sourced record of what states do about UN human-rights opinions. Every error answer is a ' +
        'Problem with a stable `code`. Each operation names the roles that may call it in ' +
        '`x-required-access`; reads work without a key unless READS_REQUIRE_KEY=true.',
    )
    .setVersion(version)
    .addSecurity(API_KEY_SCHEME, {
      type: 'http',
      scheme: 'bearer',
      description: 'An API key: `Authorization: Bearer <secret>`. Roles: viewer < recorder < auditor < admin.',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  addCaseEventSchemas(document);
  describeAccess(document);
  return document;
}

/** Says in words, in each operation's description, what `x-required-access` says in data. */
function describeAccess(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Array<{ description?: string; 'x-required-access'?: unknown }>) {
      const access = operation['x-required-access'] as { access: string; roles: string[] } | undefined;
      if (!access) continue;
      const sentence =
        access.access === 'public'
          ? 'Public: no key needed.'
          : access.access === 'read'
            ? `Any key (${access.roles.join(', ')}), or none unless READS_REQUIRE_KEY=true.`
            : `Needs a key with the role ${access.roles.join(', ').replace(/, (?=[^,]*$)/, ' or ')}.`;
      operation.description = operation.description ? `${operation.description}\n\n${sentence}` : sentence;
    }
  }
}

/** Serves the document at /docs-json and Swagger UI at /docs. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: DOCS_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Compliance Ledger API',
  });
}
