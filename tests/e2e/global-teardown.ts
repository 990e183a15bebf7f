/**
 * Puts every dev site back as `bin/local-wp up` leaves it (500 seeded carts, CoCart called in-process, no saved
 * connection): the specs switch the sites to the key path and change their carts, and a developer opening a dev
 * site after the tests must find a working Sessions tab (bin/test checks it last).
 */
import { execFileSync } from 'child_process';
import path from 'path';

export default function globalTeardown() {
	execFileSync(
		path.join( __dirname, '../../bin/local-wp' ),
		[ 'dev-defaults' ],
		{
			stdio: 'inherit',
		}
	);
}
