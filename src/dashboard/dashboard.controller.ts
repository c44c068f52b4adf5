import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Inject, NotFoundException, Param, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { ConfigType } from '@nestjs/config';
import type { Response } from 'express';
import { RequiresAccess } from '../auth/access';
import { appConfig } from '../config/app.config';
import { ProblemFilter } from '../http/problem.filter';
import { Clock } from '../time/clock';
import { DASHBOARD_OPTIONS, type DashboardOptions } from './dashboard.options';

/** What the page needs before its first read: which day is today here, and whether to ask for a key. */
export interface DashboardMeta {
  today: string;
  readsRequireKey: boolean;
}

/**
 * The dashboard's files, public like any web page: they hold no data, and the page asks for a key itself when reads
 * need one. Only files of the built folder are served (`sendFile` with a root refuses `..`).
 */
@Controller()
@RequiresAccess('public')
export class DashboardController {
  constructor(
    @Inject(DASHBOARD_OPTIONS) private readonly options: DashboardOptions,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
    private readonly clock: Clock,
  ) {}

  @Get()
  index(@Res() response: Response): void {
    this.send(response, 'index.html');
  }

  @Get('dashboard/meta')
  meta(): DashboardMeta {
    return { today: this.clock.today(), readsRequireKey: this.config.readsRequireKey };
  }

  @Get('dashboard/*path')
  @ApiParam({
    name: 'path',
    type: String,
    description: 'a file of the built dashboard, e.g. app.js or views/opinions.js',
  })
  asset(@Param('path') path: string[] | string, @Res() response: Response): void {
    const file = Array.isArray(path) ? path.join('/') : path;
    if (!/^[\w./-]+\.(js|css|html|svg|map)$/.test(file)) throw new NotFoundException(`no dashboard file ${file}`);
    this.send(response, file);
  }

  private send(response: Response, file: string): void {
    const root = this.options.publicDir;
    if (!existsSync(join(root, 'index.html'))) {
      throw new ServiceUnavailableException(`the dashboard is not built (no ${root}): run npm run build`);
    }
    // Modules change with every build and are small: revalidate each time (the ETag makes it cheap).
    response.sendFile(file, { root, dotfiles: 'deny', headers: { 'Cache-Control': 'no-cache' } }, (error) => {
      if (error && !response.headersSent) {
        response.status(404).json(new ProblemFilter().toProblem(new NotFoundException(`no dashboard file ${file}`)));
      }
    });
  }
}
