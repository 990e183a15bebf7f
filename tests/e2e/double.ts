/**
 * Set-up and checks against the CoCart store double on a bin/local-wp site, from the test process: its command
 * line (tests/cocart-double/cli.php) and direct SQL on the site's database, so the browser's view can be
 * compared with what the store really holds.
 */
import { execFileSync } from 'child_process';
import path from 'path';
import type { E2ESite } from './sites';

const ROOT = path.join( __dirname, '../..' );
const STATE = process.env.LOCAL_WP_DIR || path.join( ROOT, '.local-wp' );

function cli( site: E2ESite, ...args: string[] ): string {
	return execFileSync(
		'php',
		[
			path.join( ROOT, 'tests/cocart-double/cli.php' ),
			path.join( STATE, 'sites', site.site ),
			site.baseURL,
			...args,
		],
		{ encoding: 'utf8' }
	);
}

/**
 * Version mode 4.3.6, no faults, and the key path: the plugin on the site calls the double over HTTP with the
 * key a spec saves, as it would a store elsewhere (the specs test that path; global-teardown.ts puts the sites
 * back to CoCart called in-process).
 * @param site
 */
export function resetDouble( site: E2ESite ): void {
	cli( site, 'reset' );
	cli( site, 'in-process', 'off' );
}

/**
 * CoCart called in-process (on) or as a store elsewhere over HTTP with a key (off).
 * @param site
 * @param on
 */
export function setInProcess( site: E2ESite, on: boolean ): void {
	cli( site, 'in-process', on ? 'on' : 'off' );
}

/** One cart to store (the double's add-cart). */
export interface NewCart {
	/** The cart key, or `user`: the login of the user whose ID keys it (a registered customer's cart). */
	key?: string;
	user?: string;
	/** "productId:quantity", e.g. ['16:2', '17:1']. */
	items?: string[];
	email?: string;
	name?: string;
	/** Seconds until it expires; negative: expired that long ago. */
	expiresIn?: number;
}

/**
 * Stores a cart as WooCommerce writes it (replacing one with the same key); returns its key.
 * @param site
 * @param cart
 */
export function addCart( site: E2ESite, cart: NewCart ): string {
	const args = [
		cart.user ? `--user=${ cart.user }` : `--key=${ cart.key }`,
		`--items=${ ( cart.items ?? [] ).join( ',' ) }`,
		`--email=${ cart.email ?? '' }`,
		`--name=${ cart.name ?? '' }`,
	];
	if ( cart.expiresIn !== undefined ) {
		args.push( `--expires-in=${ cart.expiresIn }` );
	}
	return cli( site, 'add-cart', ...args ).trim();
}

export function setMode( site: E2ESite, mode: string ): void {
	cli( site, 'mode', mode );
}

/**
 * Replaces the store's carts with `count` deterministic ones.
 * @param site
 * @param count
 * @param seed
 */
export function seedCarts( site: E2ESite, count: number, seed = 1 ): void {
	cli( site, 'seed', `--count=${ count }`, `--seed=${ seed }` );
}

/**
 * Replaces the double's fault and cost settings (names as in its Control::FAULT_DEFAULTS; the rest get defaults).
 * @param site
 * @param faults
 */
export function setFaults(
	site: E2ESite,
	faults: Record< string, unknown > = {}
): void {
	cli( site, 'faults', JSON.stringify( faults ) );
}

export interface KeyPair {
	consumer_key: string;
	consumer_secret: string;
}

/**
 * A WooCommerce key for the admin user, replacing an earlier one with the same description.
 * @param site
 * @param permissions
 */
export function createKey(
	site: E2ESite,
	permissions: 'read' | 'write' | 'read_write' = 'read_write'
): KeyPair {
	const out = cli(
		site,
		'create-key',
		`--permissions=${ permissions }`,
		`--description=e2e ${ permissions }`,
		'--replace'
	);
	const pair = Object.fromEntries(
		out
			.trim()
			.split( '\n' )
			.map( ( line ) => line.split( '=' ) as [ string, string ] )
	);
	return {
		consumer_key: pair.consumer_key,
		consumer_secret: pair.consumer_secret,
	};
}

/**
 * Rows of a SELECT on the site's database, as arrays of strings (tab-separated by the mariadb client).
 * @param site
 * @param sql
 */
export function query( site: E2ESite, sql: string ): string[][] {
	const out = execFileSync(
		'mariadb',
		[
			'--no-defaults',
			`--socket=${ path.join( STATE, 'run/mysqld.sock' ) }`,
			'-uroot',
			'-N',
			'-B',
			`wp_${ site.site }`,
			'-e',
			sql,
		],
		{ encoding: 'utf8' }
	);
	return out
		.split( '\n' )
		.filter( ( line ) => line !== '' )
		.map( ( line ) => line.split( '\t' ) );
}

/** A cart as the store holds it (the double's `carts` command). */
export interface StoredCart {
	key: string;
	name: string;
	email: string;
	created: number;
	/** Unix time. */
	expiry: number;
	source: string;
	item_count: number;
	total: string;
}

export function storedCarts( site: E2ESite ): StoredCart[] {
	return JSON.parse( cli( site, 'carts' ) ) as StoredCart[];
}

/**
 * Runs a PHP script that loads the site's WordPress (arguments: its core folder and its address).
 * @param site
 * @param script
 */
function sitePhp( site: E2ESite, script: string ): void {
	execFileSync(
		'php',
		[ script, path.join( STATE, 'sites', site.site ), site.baseURL ],
		{ stdio: 'ignore' }
	);
}

/**
 * The site as `bin/local-wp up` leaves it (no saved connection, 500 carts), then the key path: a store elsewhere.
 * @param site
 */
export function resetSite( site: E2ESite ): void {
	sitePhp( site, path.join( ROOT, 'bin/local-wp-files/dev-defaults.php' ) );
	resetDouble( site );
}

/**
 * Makes every pending "Connect to a store" token of the site older than its 15 minutes.
 * @param site
 */
export function expireConnectTokens( site: E2ESite ): void {
	sitePhp(
		site,
		path.join( __dirname, 'fixtures/expire-connect-tokens.php' )
	);
}
