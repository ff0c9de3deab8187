import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Problem } from '../http/problem';
import { OpenApiDocument } from './openapi.document';

const ASSETS = new Map([
  ['swagger-ui.css', 'text/css'],
  ['swagger-ui-bundle.js', 'application/javascript'],
]);

const DOCS_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Vigil API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', persistAuthorization: true });</script></body></html>`;

/** `/openapi.json` and a Swagger UI page at `/docs` (public: the document holds no data). */
@Controller()
@ApiExcludeController()
export class OpenApiController {
  private readonly assetsDir = dirname(require.resolve('swagger-ui-dist/package.json'));

  constructor(private readonly document: OpenApiDocument) {}

  @Get('openapi.json')
  openapi() {
    // Resolved lazily: the module list is complete only after the app is initialised.
    return this.document.get(OpenApiController.rootModules);
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  docs() {
    return DOCS_PAGE;
  }

  @Get('docs/assets/:file')
  asset(@Param('file') file: string) {
    const type = ASSETS.get(file);
    if (!type) throw new Problem(404, 'not_found', `no docs asset "${file}"`);
    return readFileSync(join(this.assetsDir, file), 'utf8');
  }

  /** The modules whose controllers are documented (set by DashboardApiModule). */
  static rootModules: readonly unknown[] = [];
}
