/** Prestarts analysis workers that nobody takes, then ends its script (for prestartedWorkers.test.ts). */
import { prestartWorkers } from '../../../src/core/engine/prestartedWorkers';

prestartWorkers(Number(process.argv[2] ?? 1));
process.stdout.write('held\n');
