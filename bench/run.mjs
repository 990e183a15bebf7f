#!/usr/bin/env node
/**
 * `npm run bench`: our speed against what a store manager would do instead, side by side, on the same machine
 * in the same run, against the real local WordPress (bin/local-wp) and the CoCart store double in its realistic
 * cost mode (60 ms of CPU per store request, as the real WooCommerce + CoCart bootstrap costs:
 * docs/cocart-api.md#measured). Every line is a ratio against a baseline measured in the same run, interleaved A/B/B/A… and reduced
 * to medians, because the machine is shared and noisy. Prints a table, writes bench/results.json, and exits 1
 * when a budget is missed.
 *
 *   npm run bench                  everything (1,000 / 10,000 / 50,000 carts; takes a while)
 *   npm run bench -- --quick       the reduced set CI runs (bin/test bench-quick): < 2 minutes
 *   options: --sizes=1000,10000  --reps=7  --parts=1,2,3,4,5,6,7  --keep (leave the carts and the key in place)
 *            --merge (with --parts: the other parts keep their lines, and dates, from bench/results.json)
 *            --verbose (each repetition's time, as the interleaved runs go)
 *
 * Parts: (1) list, first page, cold and warm, and PHP peak memory; (2) warm page change; (3) cleanup of 2,000
 * expired carts; (4) stats over 10,000 carts; (5) admin page to a visible table in Chromium; (6) JS bundle;
 * (7) same site: the plugin on the store itself, CoCart called in-process against the loopback HTTP way
 * (bench/same-site.php; per-cart GET and DELETE, the first Overview scan over 10,000 carts, cleanup by rule of
 * 2,000 carts; --quick runs it at small sizes with its budgets shown, not enforced).
 * Parts 3 and 4 run when the site has the insights and cleanup routes; otherwise they say "not available".
 *
 * The site is the first of LOCAL_WP_SITES (bin/local-wp); its store double is served for the run by a server of
 * its own (bin/local-wp store-server, port BENCH_STORE_PORT, default 8879), as a real store is, and the plugin is
 * connected to it. The run changes the carts, the double's switches and the plugin's connection, and puts them
 * back at the end (500 carts, as `bin/local-wp up` leaves them).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const STATE = process.env.LOCAL_WP_DIR || path.join( ROOT, '.local-wp' );
const [ SITE, , PORT ] = ( process.env.LOCAL_WP_SITES || 'main:6.5:8889' )
	.split( ' ' )[ 0 ]
	.split( ':' );
const BASE = `http://127.0.0.1:${ PORT }`;
// The store: the same site's double on a server of its own (bin/local-wp store-server), as a real store is.
const STORE_PORT = Number( process.env.BENCH_STORE_PORT || 8879 );
const STORE = `http://127.0.0.1:${ STORE_PORT }`;
const CORE = path.join( STATE, 'sites', SITE );
const PROBE_DIR = path.join( STATE, 'run', 'bench-probe' );
const PROBE_FILE = path.join(
	CORE,
	'wp-content/mu-plugins/cart-sessions-bench.php'
);
const NS = '/wp-json/cart-sessions/v1';
const PLUGIN_BUILD = '/wp-content/plugins/cart-sessions-for-cocart/build/';

const args = Object.fromEntries(
	process.argv.slice( 2 ).map( ( arg ) => {
		const [ key, value ] = arg.replace( /^--/, '' ).split( '=' );
		return [ key, value ?? true ];
	} )
);
const QUICK = Boolean( args.quick );
const SIZES = String( args.sizes ?? ( QUICK ? '10000' : '1000,10000,50000' ) )
	.split( ',' )
	.map( Number );
const REPS = Number( args.reps ?? ( QUICK ? 5 : 9 ) );
const PARTS = new Set(
	String( args.parts ?? ( QUICK ? '1,2,5,6' : '1,2,3,4,5,6,7,8' ) )
		.split( ',' )
		.map( Number )
);
const REALISTIC = { cost_ms: 60, latency_ms: 0, list_oom_above: 0 };

/* ------------------------------------------------------------------ helpers */

function log( message ) {
	process.stderr.write(
		`[bench ${ new Date().toISOString().slice( 11, 19 ) }] ${ message }\n`
	);
}

/*
 * bench/site.php on the site: JSON out.
 */
function site( command, arg = '' ) {
	const out = execFileSync(
		'php',
		[ path.join( ROOT, 'bench/site.php' ), CORE, BASE, command, arg ],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
	);
	return JSON.parse( out.trim().split( '\n' ).pop() );
}

/**
 * Runs bin/local-wp; its log lines pass through to stderr.
 *
 * @param {...string} command The command and its arguments.
 */
function localWp( ...command ) {
	execFileSync( path.join( ROOT, 'bin/local-wp' ), command, {
		stdio: [ 'ignore', 'ignore', 'inherit' ],
	} );
}

const median = ( values ) => {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	const mid = Math.floor( sorted.length / 2 );
	return sorted.length % 2
		? sorted[ mid ]
		: ( sorted[ mid - 1 ] + sorted[ mid ] ) / 2;
};

/*
 * One HTTP request; resolves with status, headers, body and wall time (ms, until the last byte).
 */
function request( url, { method = 'GET', headers = {}, body } = {} ) {
	return new Promise( ( resolve, reject ) => {
		const started = process.hrtime.bigint();
		const req = http.request(
			url,
			{ method, headers, agent: false },
			( res ) => {
				const chunks = [];
				res.on( 'data', ( chunk ) => chunks.push( chunk ) );
				res.on( 'end', () =>
					resolve( {
						status: res.statusCode,
						headers: res.headers,
						body: Buffer.concat( chunks ),
						ms: Number( process.hrtime.bigint() - started ) / 1e6,
					} )
				);
			}
		);
		req.on( 'error', reject );
		req.setTimeout( 600_000, () =>
			req.destroy( new Error( `timeout: ${ url }` ) )
		);
		if ( body ) {
			req.write( body );
		}
		req.end();
	} );
}

/*
 * PHP peak memory of a request that carried X-Cart-Sessions-Bench (written at its shutdown by the probe).
 */
async function peakOf( id ) {
	const file = path.join( PROBE_DIR, `${ id }.json` );
	// The probe writes at the request's shutdown, which may be after its response arrived (work left until after
	// the response): wait for the file, and for it to be whole.
	for ( let i = 0; i < 250; i++ ) {
		if ( fs.existsSync( file ) ) {
			try {
				const { peak } = JSON.parse( fs.readFileSync( file, 'utf8' ) );
				fs.unlinkSync( file );
				return peak;
			} catch {
				// Still being written.
			}
		}
		await new Promise( ( r ) => setTimeout( r, 20 ) );
	}
	return null;
}

/* -------------------------------------------------- the two kinds of client */

/** The browser's way into our routes: the admin's cookies and a REST nonce. */
async function login() {
	const res = await request( `${ BASE }/wp-login.php`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Cookie: 'wordpress_test_cookie=WP%20Cookie%20check',
		},
		body: 'log=admin&pwd=password&testcookie=1&redirect_to=%2Fwp-admin%2F',
	} );
	const cookies = ( res.headers[ 'set-cookie' ] || [] )
		.map( ( c ) => c.split( ';' )[ 0 ] )
		.filter( ( c ) => /^wordpress_/.test( c ) );
	if ( res.status !== 302 || cookies.length < 2 ) {
		throw new Error(
			`could not log in as admin at ${ BASE } (HTTP ${ res.status })`
		);
	}
	const cookie = cookies.join( '; ' );
	const nonce = await request(
		`${ BASE }/wp-admin/admin-ajax.php?action=rest-nonce`,
		{
			headers: { Cookie: cookie },
		}
	);
	return { cookie, nonce: nonce.body.toString().trim(), cookies };
}

let auth = null;
let probeSeq = 0;

/*
 * GET one of our routes as the admin's browser does.
 */
async function ours( route, { probe = false, method = 'GET', data } = {} ) {
	const headers = { Cookie: auth.cookie, 'X-WP-Nonce': auth.nonce };
	const id = probe ? `ours-${ process.pid }-${ ++probeSeq }` : null;
	if ( id ) {
		headers[ 'X-Cart-Sessions-Bench' ] = id;
	}
	let body;
	if ( data !== undefined ) {
		headers[ 'Content-Type' ] = 'application/json';
		body = JSON.stringify( data );
	}
	const res = await request( `${ BASE }${ NS }/${ route }`, {
		method,
		headers,
		body,
	} );
	if ( res.status >= 300 ) {
		throw new Error(
			`${ method } ${ route } → HTTP ${ res.status }: ${ res.body.toString().slice( 0, 300 ) }`
		);
	}
	return {
		...res,
		json: JSON.parse( res.body.toString() ),
		peak: id ? await peakOf( id ) : null,
	};
}

/** The floor: WordPress's own most trivial authenticated REST request. */
async function floor() {
	const res = await request( `${ BASE }/wp-json/wp/v2/users/me`, {
		headers: { Cookie: auth.cookie, 'X-WP-Nonce': auth.nonce },
	} );
	if ( res.status !== 200 ) {
		throw new Error( `floor request → HTTP ${ res.status }` );
	}
	return res;
}

/** A direct call to the store double, signed with OAuth 1.0a as WooCommerce wants over plain HTTP. */
let key = null;
const enc = ( v ) =>
	encodeURIComponent( v ).replace(
		/[!'()*]/g,
		( c ) => '%' + c.charCodeAt( 0 ).toString( 16 ).toUpperCase()
	);
async function direct( method, route, { probe = false } = {} ) {
	const url = `${ STORE }/wp-json/${ route }`;
	const params = {
		oauth_consumer_key: key.consumer_key,
		oauth_nonce: crypto.randomBytes( 16 ).toString( 'hex' ),
		oauth_signature_method: 'HMAC-SHA256',
		oauth_timestamp: String( Math.floor( Date.now() / 1000 ) ),
	};
	const pairs = Object.keys( params )
		.sort()
		.map( ( k ) => `${ enc( k ) }=${ enc( params[ k ] ) }` )
		.join( '&' );
	const base = `${ method }&${ enc( url ) }&${ enc( pairs ) }`;
	params.oauth_signature = crypto
		.createHmac( 'sha256', `${ enc( key.consumer_secret ) }&` )
		.update( base )
		.digest( 'base64' );
	const query = Object.entries( params )
		.map( ( [ k, v ] ) => `${ enc( k ) }=${ enc( v ) }` )
		.join( '&' );
	const headers = {};
	const id = probe ? `direct-${ process.pid }-${ ++probeSeq }` : null;
	if ( id ) {
		headers[ 'X-Cart-Sessions-Bench' ] = id;
	}
	const res = await request( `${ url }?${ query }`, { method, headers } );
	return { ...res, peak: id ? await peakOf( id ) : null };
}

async function directList( opts ) {
	const res = await direct( 'GET', 'cocart/v2/sessions', opts );
	if ( res.status !== 200 ) {
		throw new Error(
			`direct list → HTTP ${ res.status }: ${ res.body.toString().slice( 0, 200 ) }`
		);
	}
	return res;
}

/* ------------------------------------------------------------- measuring */

const lines = [];

/**
 * Interleaved medians: for each repetition run every contender once, in an order that rotates, so slow
 * moments of the shared machine hit all of them alike.
 *
 * @param {Record<string, () => Promise<{ms:number}>>} contenders
 * @param {number}                                     reps
 */
async function interleave( contenders, reps ) {
	const names = Object.keys( contenders );
	const times = Object.fromEntries( names.map( ( n ) => [ n, [] ] ) );
	const extra = Object.fromEntries( names.map( ( n ) => [ n, [] ] ) );
	for ( let rep = 0; rep < reps; rep++ ) {
		const order = names.map(
			( _, i ) => names[ ( i + rep ) % names.length ]
		);
		for ( const name of order ) {
			const result = await contenders[ name ]();
			times[ name ].push( result.ms );
			extra[ name ].push( result );
		}
	}
	if ( args.verbose ) {
		for ( const n of names ) {
			log(
				`  ${ n }: ${ times[ n ].map( ( t ) => t.toFixed( 1 ) ).join( ', ' ) }`
			);
		}
	}
	return {
		median: Object.fromEntries(
			names.map( ( n ) => [ n, median( times[ n ] ) ] )
		),
		all: times,
		extra,
	};
}

/**
 * Records one table line: a ratio of ours over a baseline, with its budget (max ratio), if it has one.
 * For "times faster" budgets pass `higherIsBetter` with the ratio as baseline / ours.
 *
 * @param {number}      part
 * @param {string}      name
 * @param {number|null} oursValue
 * @param {number|null} baseValue
 * @param {string}      baseName
 * @param {Object}      options
 * @param {number}      [options.budget]         the ratio allowed (at most; at least with higherIsBetter)
 * @param {string}      [options.unit]           ms, MB, KB
 * @param {boolean}     [options.higherIsBetter] the ratio is baseline / ours, a "times faster"
 * @param {string}      [options.note]
 * @param {boolean}     [options.quick]          false: the budget is not enforced in --quick
 */
function line(
	part,
	name,
	oursValue,
	baseValue,
	baseName,
	{
		budget = null,
		unit = 'ms',
		higherIsBetter = false,
		note = '',
		quick = true,
	} = {}
) {
	const available = oursValue !== null && baseValue !== null;
	let ratio = null;
	if ( available ) {
		ratio = higherIsBetter ? baseValue / oursValue : oursValue / baseValue;
	}
	// In --quick (CI) only the budgets that hold reliably on a shared machine at a small size are enforced;
	// the others are shown and checked by the full run.
	const enforced = budget !== null && ( quick || ! QUICK );
	const within =
		budget !== null &&
		ratio !== null &&
		( higherIsBetter ? ratio >= budget : ratio <= budget );
	const ok = enforced && ratio !== null ? within : null;
	if ( budget !== null && ! enforced ) {
		note = `${ note }${ note ? '; ' : '' }budget not enforced in --quick`;
	}
	const entry = {
		part,
		name,
		ours: oursValue === null ? null : Math.round( oursValue * 10 ) / 10,
		baseline: baseValue === null ? null : Math.round( baseValue * 10 ) / 10,
		baseline_name: baseName,
		unit,
		ratio: ratio === null ? null : Math.round( ratio * 100 ) / 100,
		budget:
			budget === null
				? null
				: `${ higherIsBetter ? '≥' : '≤' } ${ budget }×`,
		ok,
		note,
	};
	lines.push( entry );
	let judged = '';
	if ( budget !== null ) {
		judged = enforced
			? ` (budget ${ entry.budget }: ${ ok ? 'ok' : 'MISSED' })`
			: ` (budget ${ entry.budget }: ${ within ? 'within' : 'over' }, not enforced in --quick)`;
	}
	log(
		`${ name }: ${ entry.ours ?? 'n/a' } vs ${ entry.baseline ?? 'n/a' } ${ unit } → ${ entry.ratio ?? 'n/a' }×${ judged }`
	);
	return entry;
}

/*
 * Part 7, same site: bench/same-site.php runs both ways in one PHP process on this site (the plugin and the
 * double share it, as on a store with the plugin installed), the double in its realistic cost mode.
 */
function sameSitePart() {
	log( 'same site: in-process against loopback HTTP (bench/same-site.php)' );
	const out = execFileSync(
		'php',
		[
			path.join( ROOT, 'bench/same-site.php' ),
			CORE,
			BASE,
			QUICK ? 'quick' : 'full',
		],
		{ encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }
	);
	const r = JSON.parse( out.trim().split( '\n' ).pop() );
	for ( const [ what, label ] of [
		[ 'get', 'GET one cart' ],
		[ 'delete', 'DELETE one cart' ],
	] ) {
		line(
			7,
			`same site: ${ label }, in-process`,
			r[ what ].in_process_ms,
			r[ what ].http_ms,
			'the same call over loopback HTTP',
			{ budget: 20, higherIsBetter: true, quick: false }
		);
	}
	line(
		7,
		`same site: first Overview scan over ${ fmtN( r.scan.carts ) } carts, in-process`,
		r.scan.seconds * 1000,
		30000,
		'the goal: 30 s',
		{
			budget: 1,
			note: `${ r.scan.requests } polls${
				r.scan.done ? '' : ', NOT complete'
			}`,
			quick: false,
		}
	);
	line(
		7,
		`same site: cleanup by rule of ${ fmtN( r.cleanup.carts ) } carts, in-process`,
		r.cleanup.in_process_s * 1000,
		r.cleanup.http_s * 1000,
		'the same run over loopback HTTP',
		{ budget: 20, higherIsBetter: true, quick: false }
	);
}

function notAvailable( part, name, why ) {
	lines.push( {
		part,
		name,
		ours: null,
		baseline: null,
		baseline_name: '',
		unit: '',
		ratio: null,
		budget: null,
		ok: null,
		note: `not available: ${ why }`,
	} );
	log( `${ name }: not available (${ why })` );
}

const MB = 1024 * 1024;
const fmtN = ( n ) => n.toLocaleString( 'en-US' );

/* ---------------------------------------------------------- parts 1 and 2 */

// The Sessions tab's default view (includes/Admin/Page.php FIRST_PAGE): the live carts, by expiry.
const FIRST_PAGE =
	'sessions?page=1&per_page=20&status=active%2Cexpiring&orderby=expires&order=desc';

async function listParts( size ) {
	log( `seeding ${ fmtN( size ) } carts` );
	site( 'seed', String( size ) );
	site( 'faults', JSON.stringify( REALISTIC ) );
	// Warm-up (untimed): PHP's opcache and MariaDB's buffer pool for both paths.
	await directList();
	await ours( `${ FIRST_PAGE }&details=cached` );
	await floor();

	if ( PARTS.has( 1 ) ) {
		// Cold: nothing of ours cached but the store's facts (decimals, currency: one request a day), exactly as
		// after the list cache's 2-minute lifetime ran out with no visit in between.
		const cold = await interleave(
			{
				ours: async () => {
					site( 'forget', 'list' );
					site( 'forget', 'details' );
					return ours( `${ FIRST_PAGE }&details=cached`, {
						probe: true,
					} );
				},
				direct: async () => {
					site( 'forget', 'list' ); // Same untimed work on both sides.
					return directList( { probe: true } );
				},
			},
			REPS
		);
		line(
			1,
			`list first page, cold, ${ fmtN( size ) } carts`,
			cold.median.ours,
			cold.median.direct,
			'direct GET cocart/v2/sessions',
			{
				budget: size >= 10000 ? 1.1 : null,
				quick: false,
				note: 'rows first; item counts/totals follow in a second request (see next line)',
			}
		);
		// Single flight: two cold views at the same moment (two tabs, a reload) cost the store one list.
		const flights = [];
		for ( let i = 0; i < 3; i++ ) {
			site( 'forget', 'list' );
			site( 'requests', 'reset' );
			await Promise.all( [
				ours( `${ FIRST_PAGE }&details=cached` ),
				ours(
					`${ FIRST_PAGE.replace( 'page=1', 'page=2' ) }&details=cached`
				),
			] );
			flights.push( site( 'requests' ).list );
		}
		line(
			1,
			`two cold list requests at the same moment, ${ fmtN( size ) } carts: lists fetched from the store`,
			Math.max( ...flights ),
			2,
			'each request fetching its own',
			{
				unit: 'requests',
				budget: 0.5,
				note: `counted by the store double, 3 tries: ${ flights.join( ', ' ) }`,
			}
		);
		// What it takes to fill in the counts on a cold page: the follow-up the screen sends (full run only).
		const fill = QUICK
			? null
			: await interleave(
					{
						ours: async () => {
							site( 'forget', 'details' );
							return ours( `${ FIRST_PAGE }` );
						},
						direct: () => directList(),
					},
					Math.max( 3, Math.ceil( REPS / 2 ) )
				);
		if ( fill ) {
			line(
				1,
				`  counts of that page filled in (20 details fetched), ${ fmtN( size ) } carts`,
				fill.median.ours,
				fill.median.direct,
				'direct GET cocart/v2/sessions',
				{
					note: 'info: 20 detail requests to the store, 4 at a time',
				}
			);
		}
		const warm = await interleave(
			{
				ours: () =>
					ours( `${ FIRST_PAGE }&details=cached`, { probe: true } ),
				direct: () => directList(),
			},
			REPS
		);
		line(
			1,
			`list first page, warm, ${ fmtN( size ) } carts`,
			warm.median.ours,
			warm.median.direct,
			'direct GET cocart/v2/sessions'
		);

		const oursPeak = Math.max(
			...[ ...cold.extra.ours, ...warm.extra.ours ].map(
				( r ) => r.peak ?? 0
			)
		);
		const storePeak = Math.max(
			...cold.extra.direct.map( ( r ) => r.peak ?? 0 )
		);
		// The real store (docs/cocart-api.md#measured): PHP peak ≈ 16.3 MiB + 9.2 KiB a cart for its list.
		const realStore = ( 16.3 * 1024 + 9.2 * size ) * 1024;
		if ( size <= 10000 ) {
			line(
				1,
				`PHP peak memory of our request, ${ fmtN( size ) } carts`,
				oursPeak / MB,
				64,
				'64 MB budget',
				{
					unit: 'MB',
					budget: 1,
					note: `the double's own list request: ${ ( storePeak / MB ).toFixed( 1 ) } MB; the real store's: ~${ ( realStore / MB ).toFixed( 0 ) } MB`,
				}
			);
		} else {
			line(
				1,
				`PHP peak memory of our request, ${ fmtN( size ) } carts`,
				oursPeak / MB,
				storePeak / MB,
				"the store double's own list request",
				{
					unit: 'MB',
					budget: 0.5,
					note: `the real store's list needs ~${ ( realStore / MB ).toFixed( 0 ) } MB`,
				}
			);
		}
	}

	if ( PARTS.has( 2 ) ) {
		// The list is cached (warm). Each repetition asks for a page not asked for before, as a user paging does.
		await ours( `${ FIRST_PAGE }&details=cached` );
		const pages = Math.max( 2, Math.floor( size / 20 ) );
		let next = 2;
		const pageChange = () => {
			const page = next++ % pages || 2;
			return ours(
				`sessions?page=${ page }&per_page=20&orderby=expires&order=desc&details=cached`
			);
		};
		// Against the floor the two are close (tens of ms): three times the repetitions, so one slow moment of
		// the shared machine does not decide the line. The direct list is seconds long: it needs fewer.
		const change = await interleave(
			{ ours: pageChange, floor: () => floor() },
			REPS * 3
		);
		const vsDirect = await interleave(
			{ ours: pageChange, direct: () => directList() },
			REPS
		);
		change.median.direct = vsDirect.median.direct;
		change.median.oursVsDirect = vsDirect.median.ours;
		const atBudgetSize = size === 10000;
		line(
			2,
			`page change, warm, ${ fmtN( size ) } carts`,
			change.median.ours,
			change.median.floor,
			'floor: GET wp/v2/users/me',
			{
				budget: atBudgetSize ? 1.2 : null,
				quick: false,
			}
		);
		line(
			2,
			`page change, warm, ${ fmtN( size ) } carts`,
			change.median.oursVsDirect,
			change.median.direct,
			'direct GET cocart/v2/sessions',
			{
				budget: atBudgetSize ? 0.5 : null,
			}
		);
	}
}

/*
 * At 50,000 carts on a store with a 128M limit the store's list dies: we must answer with a clear message.
 */
async function tooBigCheck( size ) {
	site( 'faults', JSON.stringify( { ...REALISTIC, list_oom_above: 12400 } ) );
	site( 'forget', 'list' );
	const res = await request(
		`${ BASE }${ NS }/${ FIRST_PAGE }&details=cached`,
		{
			headers: { Cookie: auth.cookie, 'X-WP-Nonce': auth.nonce },
		}
	);
	const json = JSON.parse( res.body.toString() || '{}' );
	const clear =
		res.status === 502 &&
		json.code === 'cart_sessions_store_too_big' &&
		Boolean( json.data?.fix );
	lines.push( {
		part: 1,
		name: `store too big for its own list (128M store), ${ fmtN( size ) } carts`,
		ours: res.status,
		baseline: null,
		baseline_name: '',
		unit: 'HTTP',
		ratio: null,
		budget: 'a clear message, never a fatal',
		ok: clear,
		note: clear
			? `"${ json.message }"`
			: `got HTTP ${ res.status } ${ json.code ?? '' }`,
	} );
	log( `too-big check at ${ size }: HTTP ${ res.status } ${ json.code }` );
	site( 'faults', JSON.stringify( REALISTIC ) );
	site( 'forget', 'list' ); // The plugin remembers "too big" for a while; the next steps need the list again.
}

/* ------------------------------------------------------ parts 3 and 4 */

async function routes() {
	const res = await request( `${ BASE }/wp-json/cart-sessions/v1`, {
		headers: { Cookie: auth.cookie, 'X-WP-Nonce': auth.nonce },
	} );
	return res.status === 200
		? Object.keys( JSON.parse( res.body.toString() ).routes || {} )
		: [];
}

const RULE_EVERY_EXPIRED = {
	expired_days: 0,
	empty_only: false,
	source: '',
	max_total: null,
	keep_with_email: false,
};
// A rule with a condition that picks the same carts (all of them were expired 40 days ago): cart by cart.
const RULE_WITH_CONDITIONS = {
	expired_days: 30,
	empty_only: false,
	source: '',
	max_total: null,
	keep_with_email: false,
};

/*
 * Our cleanup run, driven step by step as the screen drives it.
 */
async function cleanupRun( rule ) {
	const started = process.hrtime.bigint();
	let { json } = await ours( 'cleanup/run', {
		method: 'POST',
		data: { rule, export: false },
	} );
	let run = json.run ?? json;
	while ( run.status === 'running' ) {
		( { json } = await ours( `cleanup/runs/${ run.id }/step`, {
			method: 'POST',
			data: {},
		} ) );
		run = json.run ?? json;
	}
	return { ms: Number( process.hrtime.bigint() - started ) / 1e6, run };
}

/**
 * Straight to the store: list once, then DELETE each expired cart, $concurrency at a time. With 1 it is the
 * guide's cleanup; with 4 it is the most this machine's store can do (its CPU saturated), which bounds any
 * cart-by-cart approach, ours included.
 *
 * @param {number} concurrency Deletes in flight at once.
 */
async function directCleanup( concurrency ) {
	const started = process.hrtime.bigint();
	const list = JSON.parse( ( await directList() ).body.toString() );
	const now = Date.now();
	const expired = list.filter( ( row ) => {
		const [ d, t ] = row.cart_expiry.split( ' ' );
		const [ m, day, y ] = d.split( '/' );
		return Date.parse( `${ y }-${ m }-${ day }T${ t }Z` ) < now;
	} );
	const deleted = await eachCart( 'DELETE', expired, concurrency );
	return { ms: Number( process.hrtime.bigint() - started ) / 1e6, deleted };
}

/**
 * One request per cart straight to the store, $concurrency in flight at once; resolves with how many were
 * answered 200.
 *
 * @param {string}   method      GET or DELETE.
 * @param {Object[]} rows        The store's list rows.
 * @param {number}   concurrency Requests in flight at once.
 */
async function eachCart( method, rows, concurrency ) {
	let ok = 0;
	let next = 0;
	const worker = async () => {
		while ( next < rows.length ) {
			const row = rows[ next++ ];
			const res = await direct(
				method,
				`cocart/v2/session/${ row.cart_key }`
			);
			ok += res.status === 200 ? 1 : 0;
		}
	};
	await Promise.all( Array.from( { length: concurrency }, worker ) );
	return ok;
}

async function cleanupPart( available ) {
	if ( ! available.includes( '/cart-sessions/v1/cleanup/run' ) ) {
		notAvailable(
			3,
			'cleanup of 2,000 expired carts, "every expired cart"',
			'no cleanup routes on this build'
		);
		notAvailable(
			3,
			'cleanup of 2,000 expired carts, rule with conditions',
			'no cleanup routes on this build'
		);
		return;
	}
	const faults = { ...REALISTIC, latency_ms: 20 };
	const prepare = () => {
		site( 'seed', '4000' );
		site( 'expire', '2000' );
		site( 'faults', JSON.stringify( faults ) );
	};
	// The sequential approach takes minutes: measured once per rule, each against a freshly prepared store.
	prepare();
	const guide = await directCleanup( 1 );
	prepare();
	const bulk = await cleanupRun( RULE_EVERY_EXPIRED );
	const leftBulk = site( 'count' ).expired;
	line(
		3,
		'cleanup of 2,000 expired carts, "every expired cart" (bulk tool)',
		bulk.ms,
		guide.ms,
		"guide's list-then-delete-each",
		{
			budget: 100,
			higherIsBetter: true,
			note: `ours deleted ${ bulk.run.deleted ?? '?' } (left expired: ${ leftBulk }), guide deleted ${ guide.deleted }; 1 repetition each; 20 ms store latency`,
		}
	);
	prepare();
	const byCart = await cleanupRun( RULE_WITH_CONDITIONS );
	const leftByCart = site( 'count' ).expired;
	line(
		3,
		'cleanup of 2,000 expired carts, rule with conditions (cart by cart)',
		byCart.ms,
		guide.ms,
		"guide's list-then-delete-each",
		{
			higherIsBetter: true,
			note: `ours deleted ${ byCart.run.deleted ?? '?' } (left expired: ${ leftByCart }); ${ timingsNote( byCart.run ) }; 1 repetition each; 20 ms store latency`,
		}
	);
	prepare();
	const ceiling = await directCleanup( 4 );
	line(
		3,
		'cleanup of 2,000 expired carts, rule with conditions, against the store’s ceiling',
		byCart.ms,
		ceiling.ms,
		'the same deletes straight to the store, 4 at once',
		{
			budget: 0.9,
			higherIsBetter: true,
			note: 'the ceiling measured in this run (next line)',
		}
	);
	line(
		3,
		'  the store’s ceiling: the same deletes straight to it, 4 at once',
		ceiling.ms,
		guide.ms,
		"guide's list-then-delete-each",
		{
			higherIsBetter: true,
			note: `info: no re-check, nothing else; the store's CPU saturated; deleted ${ ceiling.deleted }. No cart-by-cart cleanup can beat this ratio on this machine.`,
		}
	);
}

/**
 * Where a cleanup run's time went, from the run's own timings.
 *
 * @param {Object} run A cleanup run as our routes return it.
 */
function timingsNote( run ) {
	const t = run.timings ?? run.state?.timings;
	if ( ! t ) {
		return 'timings not reported';
	}
	return `${ t.steps } steps, ${ t.concurrency ?? '?' } at once at the end: re-check lists ${ ( t.list_ms / 1000 ).toFixed( 1 ) } s, deletes ${ ( t.delete_ms / 1000 ).toFixed( 1 ) } s, details ${ ( t.detail_ms / 1000 ).toFixed( 1 ) } s, ${ t.requests } store requests`;
}

/*
 * Stats over every cart, polled until the first scan is done, as the Overview polls.
 */
async function statsRun( refresh ) {
	const started = process.hrtime.bigint();
	let { json } = await ours( `stats${ refresh ? '?refresh=1' : '' }` );
	while ( json.scan && ! json.scan.done ) {
		( { json } = await ours( 'stats' ) );
	}
	return { ms: Number( process.hrtime.bigint() - started ) / 1e6, json };
}

// Carts whose detail the baselines of part 4 fetch, timed and scaled to the whole list: 10,000 one after the
// other would take ~20 minutes, and each GET costs the store the same whichever cart it is.
const STATS_SAMPLE = 2000;

/**
 * Straight to the store: the list, then each cart's detail, $concurrency at a time. With 1 it is the guide's
 * analytics; with 4 it is the most this machine's store can do (its CPU saturated), which bounds any way of
 * fetching every cart's detail, ours included. The details are fetched for the first STATS_SAMPLE carts and the
 * time scaled to every cart of the list.
 *
 * @param {number} concurrency Detail requests in flight at once.
 */
async function directStats( concurrency ) {
	const listStarted = process.hrtime.bigint();
	const list = JSON.parse( ( await directList() ).body.toString() );
	const listMs = Number( process.hrtime.bigint() - listStarted ) / 1e6;
	const sample = list.slice( 0, STATS_SAMPLE );
	const started = process.hrtime.bigint();
	const fetched = await eachCart( 'GET', sample, concurrency );
	const eachMs =
		Number( process.hrtime.bigint() - started ) / 1e6 / sample.length;
	return {
		ms: listMs + eachMs * list.length,
		fetched,
		sampled: sample.length,
		carts: list.length,
	};
}

async function statsPart( available ) {
	if ( ! available.includes( '/cart-sessions/v1/stats' ) ) {
		notAvailable(
			4,
			'stats over 10,000 carts, cold',
			'no stats route on this build'
		);
		notAvailable(
			4,
			'stats over 10,000 carts, warm',
			'no stats route on this build'
		);
		return;
	}
	site( 'seed', '10000' );
	site( 'faults', JSON.stringify( REALISTIC ) );
	const guide = await directStats( 1 );
	const ceiling = await directStats( 4 );
	site( 'forget', 'all' );
	const cold = await statsRun( true );
	const warmRuns = [];
	for ( let i = 0; i < REPS; i++ ) {
		warmRuns.push( ( await statsRun( false ) ).ms );
	}
	line(
		4,
		'stats over 10,000 carts, cold',
		cold.ms,
		guide.ms,
		"guide's list-then-fetch-each",
		{
			higherIsBetter: true,
			note: `info; 1 repetition each; the guide's ${ fmtN( guide.carts ) } detail requests timed on ${ fmtN( guide.sampled ) } (${ fmtN( guide.fetched ) } answered) and scaled`,
		}
	);
	line(
		4,
		'stats over 10,000 carts, cold, against the store’s ceiling',
		cold.ms,
		ceiling.ms,
		'the list, then every cart straight to the store, 4 at once',
		{
			budget: 0.9,
			higherIsBetter: true,
			note: 'the ceiling measured in this run (next line)',
		}
	);
	line(
		4,
		'  the store’s ceiling: the list, then every cart straight to it, 4 at once',
		ceiling.ms,
		guide.ms,
		"guide's list-then-fetch-each",
		{
			higherIsBetter: true,
			note: `info: nothing else; the store's CPU saturated; timed on ${ fmtN( ceiling.sampled ) } carts (${ fmtN( ceiling.fetched ) } answered) and scaled to ${ fmtN( ceiling.carts ) }`,
		}
	);
	line(
		4,
		'stats over 10,000 carts, warm',
		median( warmRuns ),
		guide.ms,
		"guide's list-then-fetch-each",
		{
			budget: 20,
			higherIsBetter: true,
			note: `median of ${ REPS }`,
		}
	);
}

/* ----------------------------------------------------------------- part 8 */

// What one cart's cached detail is worth writing: its row (key, stamp, counts, product lines) with room to spare.
const DETAIL_ROW_BYTES = 1024;

/*
 * The detail cache at scale: one slice of the Overview's first scan (4 s of detail fetching, as GET stats runs
 * it) near the end of a scan of `size` carts — what it writes to the database and its PHP peak memory. Run in a
 * PHP process of its own on the site (bench/site.php slice), the store on its server as for the other parts.
 *
 * @param {number} size Carts.
 */
function detailCachePart( size ) {
	log( `detail cache: scan slices at ${ fmtN( size ) } carts` );
	site( 'seed', String( size ) );
	site( 'faults', JSON.stringify( REALISTIC ) );
	const slices = [];
	for ( let i = 0; i < 3; i++ ) {
		// Every slice from the same point: all carts cached but 300 (a slice fetches ~100 on this machine).
		site( 'fill-details', '300' );
		slices.push( site( 'slice', '4' ) );
	}
	const bytes = median( slices.map( ( s ) => s.bytes_written ) );
	const fetched = median( slices.map( ( s ) => s.fetched ) );
	line(
		8,
		`detail cache: DB bytes written by one 4 s scan slice, ${ fmtN( size ) } carts`,
		bytes / 1024,
		( fetched * DETAIL_ROW_BYTES ) / 1024,
		'the details it fetched, ~1 KB each',
		{
			unit: 'KB',
			budget: 2,
			note: `median of 3 slices: ${ slices.map( ( s ) => `${ s.fetched } fetched, ${ s.statements } writes, ${ ( s.bytes_written / 1024 ).toFixed( 0 ) } KB` ).join( '; ' ) }`,
		}
	);
	line(
		8,
		`detail cache: PHP peak of one scan slice, ${ fmtN( size ) } carts`,
		median( slices.map( ( s ) => s.peak ) ) / MB,
		64,
		'64 MB budget',
		{
			unit: 'MB',
			budget: size <= 10000 ? 1 : null,
			note: 'WordPress bootstrap included, as in a request',
		}
	);
}
/* ---------------------------------------------------------- parts 5 and 6 */

const VISIBLE_ROWS = 20;

async function browserParts() {
	const { chromium } = await import( '@playwright/test' );
	const browser = await chromium.launch( {
		executablePath: '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	} );
	try {
		const context = await browser.newContext( { baseURL: BASE } );
		await context.addCookies(
			auth.cookies.map( ( c ) => {
				const [ name, ...value ] = c.split( '=' );
				return {
					name,
					value: value.join( '=' ),
					domain: '127.0.0.1',
					path: '/',
				};
			} )
		);
		// When the given rows are on screen: performance.now() (from navigation start) of the first frame that
		// shows them, recorded by the page itself, the same way for both screens. For ours, "visible" is any table
		// of the rows (the first paint printed with the page, or the app's), "interactive" the app's DataViews table.
		await context.addInitScript( ( rows ) => {
			const posts = window.location.pathname.endsWith( 'edit.php' );
			const visibleSelector = posts
				? '#the-list tr'
				: '.cart-sessions-first-paint tbody tr, .dataviews-view-table tbody tr';
			const interactiveSelector = posts
				? '#the-list tr'
				: '.dataviews-view-table tbody tr';
			const shown = ( selector ) =>
				[ ...document.querySelectorAll( selector ) ].filter(
					( el ) => el.getBoundingClientRect().height > 0
				).length >= rows;
			const loop = () => {
				if ( ! window.__benchVisibleAt && shown( visibleSelector ) ) {
					window.__benchVisibleAt = performance.now();
				}
				if (
					! window.__benchInteractiveAt &&
					shown( interactiveSelector )
				) {
					window.__benchInteractiveAt = performance.now();
				}
				const root = document.getElementById( 'cart-sessions-root' );
				if (
					! window.__benchMountedAt &&
					root &&
					root.childElementCount > 0
				) {
					window.__benchMountedAt = performance.now();
				}
				if ( ! window.__benchInteractiveAt ) {
					window.requestAnimationFrame( loop );
				}
			};
			window.requestAnimationFrame( loop );
			// The main thread's long tasks (over 50 ms), to tell the first render from waiting.
			window.__benchLongTasks = [];
			try {
				new window.PerformanceObserver( ( list ) =>
					window.__benchLongTasks.push(
						...list
							.getEntries()
							.map( ( e ) => [ e.startTime, e.duration ] )
					)
				).observe( { type: 'longtask', buffered: true } );
			} catch {
				// No Long Tasks API: the note says 0.
			}
		}, VISIBLE_ROWS );
		const page = await context.newPage();
		const oursUrl = '/wp-admin/tools.php?page=cart-sessions&tab=sessions';
		const postsUrl = '/wp-admin/edit.php';
		const visibleAt = async ( url ) => {
			await page.goto( url, { waitUntil: 'commit' } );
			await page.waitForFunction(
				() => window.__benchInteractiveAt,
				null,
				{ timeout: 60_000, polling: 50 }
			);
			return page.evaluate( () => {
				// Where the time to the interactive table goes: the page's HTML, our two scripts' downloads (the
				// app and the Sessions chunk with DataViews), every script run (DOMContentLoaded comes after the
				// footer scripts), then React's first render of the table.
				const nav = performance.getEntriesByType( 'navigation' )[ 0 ];
				const ended = ( file ) =>
					Math.max(
						0,
						...performance
							.getEntriesByType( 'resource' )
							.filter( ( r ) =>
								r.name.split( '?' )[ 0 ].endsWith( file )
							)
							.map( ( r ) => r.responseEnd )
					);
				return {
					ms: window.__benchVisibleAt,
					interactive: window.__benchInteractiveAt,
					html: nav ? nav.responseEnd : null,
					appScript: ended( '/build/index.js' ),
					chunkScript: ended( '/build/sessions.js' ),
					scriptsRun: nav ? nav.domContentLoadedEventEnd : null,
					mounted: window.__benchMountedAt ?? null,
					// Long tasks between the scripts' end and the table: React's first render and commit, mostly.
					renderTasks: window.__benchLongTasks
						.filter(
							( [ start ] ) =>
								nav &&
								start >= nav.domContentLoadedEventStart &&
								start < window.__benchInteractiveAt
						)
						.reduce( ( sum, [ , duration ] ) => sum + duration, 0 ),
					// The REST requests the app sent before its table showed (none when all was preloaded).
					rest: performance
						.getEntriesByType( 'resource' )
						.filter(
							( r ) =>
								r.name.includes( '/wp-json/' ) &&
								r.startTime < window.__benchInteractiveAt
						)
						.map(
							( r ) =>
								`${ r.name.replace( /^.*\/wp-json\//, '' ).split( '&_locale' )[ 0 ] } ${ Math.round( r.startTime ) }–${ Math.round( r.responseEnd ) }`
						),
				};
			} );
		};

		if ( PARTS.has( 5 ) ) {
			const { carts } = site( 'count' );
			if ( carts < 10000 || carts > 10001 ) {
				// 10,000 and perhaps the key owner's own.
				site( 'seed', '10000' );
			}
			site( 'faults', JSON.stringify( REALISTIC ) );
			site( 'posts', String( VISIBLE_ROWS ) );
			// Warm-up (untimed): the browser's cache of core scripts, the list cache, the page's details.
			await visibleAt( oursUrl );
			await visibleAt( postsUrl );
			const load = await interleave(
				{
					ours: () => visibleAt( oursUrl ),
					posts: () => visibleAt( postsUrl ),
				},
				REPS
			);
			line(
				5,
				'admin page to a visible table (20 rows), 10,000 carts',
				load.median.ours,
				load.median.posts,
				"WordPress's Posts list (20 posts)",
				{
					budget: 1.5,
					note: 'Chromium, browser cache warm, list cache warm: the rows printed with the page (first paint)',
				}
			);
			const at = ( field ) =>
				Math.round(
					median( load.extra.ours.map( ( r ) => r[ field ] ?? 0 ) )
				);
			line(
				5,
				'  … to the app’s own table (DataViews, interactive)',
				median( load.extra.ours.map( ( r ) => r.interactive ) ),
				load.median.posts,
				"WordPress's Posts list (20 posts)",
				{
					budget: 2,
					quick: false,
					note: `where the time goes (medians, ms from navigation): HTML received ${ at( 'html' ) }, index.js ${ at( 'appScript' ) }, sessions.js (DataViews) ${ at( 'chunkScript' ) }, every script run (DOMContentLoaded) ${ at( 'scriptsRun' ) }, the app mounted ${ at( 'mounted' ) }, the table rendered ${ at( 'interactive' ) }; long tasks from DOMContentLoaded to the table (React's first render and commit, mostly) ${ at( 'renderTasks' ) } ms (each a median of its own); REST requests before it (last load): ${ load.extra.ours.at( -1 ).rest.join( ', ' ) || 'none' }`,
				}
			);
		}

		if ( PARTS.has( 6 ) ) {
			const loaded = async ( url ) => {
				const seen = new Map();
				const onResponse = async ( res ) => {
					const type = res.request().resourceType();
					if (
						( type === 'script' || type === 'stylesheet' ) &&
						res.status() === 200
					) {
						seen.set(
							res.url().split( '?' )[ 0 ],
							res.body().catch( () => Buffer.alloc( 0 ) )
						);
					}
				};
				page.on( 'response', onResponse );
				// A fresh cache for this count: every file the page needs comes over the network once.
				const cdp = await context.newCDPSession( page );
				await cdp.send( 'Network.clearBrowserCache' );
				await page.goto( url, { waitUntil: 'networkidle' } );
				page.off( 'response', onResponse );
				const files = {};
				for ( const [ fileUrl, body ] of seen ) {
					const buffer = await body;
					files[ fileUrl.replace( BASE, '' ) ] = {
						raw: buffer.length,
						gz: zlib.gzipSync( buffer ).length,
					};
				}
				return files;
			};
			const sum = ( files, filter ) =>
				Object.entries( files )
					.filter( ( [ file ] ) => filter( file ) )
					.reduce( ( total, [ , size ] ) => total + size.gz, 0 );
			const isOurs = ( file ) => file.startsWith( PLUGIN_BUILD );
			const sessions = await loaded(
				'/wp-admin/tools.php?page=cart-sessions&tab=sessions'
			);
			const overview = await loaded(
				'/wp-admin/tools.php?page=cart-sessions&tab=overview'
			);
			const settings = await loaded(
				'/wp-admin/tools.php?page=cart-sessions&tab=settings'
			);
			const posts = await loaded( '/wp-admin/edit.php' );
			const ourFiles = Object.entries( sessions )
				.filter( ( [ file ] ) => isOurs( file ) )
				.map(
					( [ file, size ] ) =>
						`${ file.replace( PLUGIN_BUILD, '' ) } ${ ( size.gz / 1024 ).toFixed( 1 ) } KB`
				);
			const coreExtra = Object.keys( sessions ).filter(
				( file ) => ! isOurs( file ) && ! ( file in posts )
			);
			line(
				6,
				'JS/CSS our page adds (Sessions tab), gzipped',
				sum( sessions, isOurs ) / 1024,
				420,
				'420 KB budget',
				{
					unit: 'KB',
					budget: 1,
					note: `${ ourFiles.join( ', ' ) }; WordPress's own scripts it pulls in that the Posts list does not: ${ ( sum( sessions, ( f ) => coreExtra.includes( f ) ) / 1024 ).toFixed( 0 ) } KB gz (${ coreExtra.length } files, not counted)`,
				}
			);
			const tabs =
				( sum( overview, isOurs ) +
					sum(
						settings,
						( f ) => isOurs( f ) && ! ( f in overview )
					) ) /
				1024;
			line(
				6,
				'Overview + Settings tabs, ours gzipped',
				tabs,
				60,
				'60 KB budget',
				{
					unit: 'KB',
					budget: 1,
					note: Object.entries( overview )
						.filter( ( [ file ] ) => isOurs( file ) )
						.map(
							( [ file, size ] ) =>
								`${ file.replace( PLUGIN_BUILD, '' ) } ${ ( size.gz / 1024 ).toFixed( 1 ) } KB`
						)
						.join( ', ' ),
				}
			);
		}
	} finally {
		await browser.close();
	}
}

/* ------------------------------------------------------------------ main */

function machine() {
	const cpu =
		( fs
			.readFileSync( '/proc/cpuinfo', 'utf8' )
			.match( /model name\s*:\s*(.*)/ ) || [] )[ 1 ] ||
		os.cpus()[ 0 ]?.model;
	return {
		nproc: Number( execFileSync( 'nproc', { encoding: 'utf8' } ).trim() ),
		cpu,
		load: os.loadavg().map( ( l ) => Math.round( l * 100 ) / 100 ),
	};
}

/* The line's verdict: ok, MISSED, n/a (not measured) or nothing (no budget). */
function verdict( l ) {
	if ( l.ok === null ) {
		return l.note.startsWith( 'not available' ) ? 'n/a' : '';
	}
	return l.ok ? 'ok' : 'MISSED';
}

function table() {
	const rows = lines.map( ( l ) => [
		String( l.part ),
		l.name,
		l.ours === null ? 'n/a' : `${ l.ours } ${ l.unit }`,
		l.baseline === null ? 'n/a' : `${ l.baseline } ${ l.unit }`,
		l.baseline_name,
		l.ratio === null && l.unit !== 'HTTP' ? 'n/a' : '',
		l.budget ?? '',
		verdict( l ),
	] );
	rows.forEach( ( row, i ) => {
		if ( lines[ i ].ratio !== null ) {
			row[ 5 ] = `${ lines[ i ].ratio }×`;
		}
	} );
	const head = [
		'#',
		'what',
		'ours',
		'baseline',
		'baseline is',
		'ratio',
		'budget',
		'',
	];
	const widths = head.map( ( h, i ) =>
		Math.max( h.length, ...rows.map( ( r ) => r[ i ].length ) )
	);
	const fmt = ( r ) =>
		r
			.map( ( c, i ) => c.padEnd( widths[ i ] ) )
			.join( ' | ' )
			.trimEnd();
	return [
		fmt( head ),
		widths.map( ( w ) => '-'.repeat( w ) ).join( '-|-' ),
		...rows.map( fmt ),
	].join( '\n' );
}

async function main() {
	const ping = await request( `${ BASE }/wp-login.php` ).catch( () => null );
	if ( ! ping ) {
		throw new Error(
			`no WordPress at ${ BASE }: run bin/local-wp start first`
		);
	}
	const saved = site( 'save-state' );
	localWp( 'store-server', String( STORE_PORT ) );
	fs.mkdirSync( PROBE_DIR, { recursive: true } );
	fs.writeFileSync(
		PROBE_FILE,
		fs
			.readFileSync( path.join( ROOT, 'bench/mu-plugin.php' ), 'utf8' )
			.replace( '@BENCH_DIR@', PROBE_DIR )
	);
	const started = Date.now();
	try {
		key = site( 'connect', STORE );
		auth = await login();
		for ( const size of SIZES ) {
			if ( PARTS.has( 1 ) || PARTS.has( 2 ) ) {
				await listParts( size );
			}
			if ( PARTS.has( 1 ) && size >= 50000 ) {
				await tooBigCheck( size );
			}
			if ( PARTS.has( 8 ) && size >= 10000 ) {
				detailCachePart( size );
			}
		}
		if ( PARTS.has( 3 ) || PARTS.has( 4 ) ) {
			const available = await routes();
			if ( PARTS.has( 3 ) ) {
				await cleanupPart( available );
			}
			if ( PARTS.has( 4 ) ) {
				await statsPart( available );
			}
		}
		if ( PARTS.has( 5 ) || PARTS.has( 6 ) ) {
			await browserParts();
		}
		if ( PARTS.has( 7 ) ) {
			sameSitePart();
		}
	} finally {
		fs.rmSync( PROBE_FILE, { force: true } );
		if ( args.keep ) {
			// Left as the run leaves it.
		} else if ( saved.leftover ) {
			// An earlier run was stopped before it put the site back: the dev defaults, not its connection.
			localWp( 'dev-defaults' );
		} else {
			site( 'seed', '500' );
			site( 'restore-state', JSON.stringify( saved ) );
		}
		localWp( 'store-server-stop' );
	}
	const date = new Date().toISOString();
	for ( const l of lines ) {
		l.measured = date;
	}
	// --merge: the parts not run this time keep their lines (and dates) from bench/results.json.
	const kept = [];
	const previousFile = path.join( ROOT, 'bench/results.json' );
	if ( args.merge && ! QUICK && fs.existsSync( previousFile ) ) {
		const previous = JSON.parse( fs.readFileSync( previousFile, 'utf8' ) );
		for ( const l of previous.lines ) {
			if ( ! PARTS.has( l.part ) ) {
				kept.push( { ...l, measured: l.measured ?? previous.date } );
			}
		}
	}
	lines.push( ...kept );
	const order = ( l ) => Math.max( 2, l.part ); // Parts 1 and 2 stay interleaved by size, as measured.
	lines.sort( ( a, b ) => order( a ) - order( b ) );
	const missed = lines.filter( ( l ) => l.ok === false );
	const result = {
		date,
		machine: machine(),
		quick: QUICK,
		sizes: SIZES,
		repetitions: REPS,
		store: {
			...REALISTIC,
			note: 'CoCart store double, 60 ms of CPU per request (the real store: ~62 ms)',
		},
		seconds: Math.round( ( Date.now() - started ) / 1000 ),
		lines,
		missed: missed.map( ( l ) => l.name ),
	};
	// The full run's results are kept with the code (README quotes them); CI's quick runs go to artifacts/.
	const out = QUICK
		? path.join( ROOT, 'artifacts/bench-quick.json' )
		: path.join( ROOT, 'bench/results.json' );
	fs.mkdirSync( path.dirname( out ), { recursive: true } );
	fs.writeFileSync( out, JSON.stringify( result, null, '\t' ) + '\n' );
	process.stdout.write( `\n${ table() }\n\n` );
	process.stdout.write(
		`${ result.date } · ${ result.machine.nproc } cores · ${ result.machine.cpu } · load ${ result.machine.load.join( ' ' ) } · ${ result.seconds } s · medians of ${ REPS }\n`
	);
	process.stdout.write(
		missed.length
			? `${ missed.length } budget(s) missed\n`
			: 'every budget met\n'
	);
	process.exitCode = missed.length ? 1 : 0;
}

/* `--markdown`: bench/results.json as the README's table (no measuring). */
function markdown() {
	const result = JSON.parse(
		fs.readFileSync( path.join( ROOT, 'bench/results.json' ), 'utf8' )
	);
	const cell = ( v, unit ) => ( v === null ? 'n/a' : `${ v } ${ unit }` );
	const when = ( iso ) => `${ iso.slice( 0, 16 ).replace( 'T', ' ' ) } UTC`;
	const dates = [
		...new Set( result.lines.map( ( l ) => l.measured ?? result.date ) ),
	];
	const measured =
		dates.length > 1
			? dates
					.map(
						( d ) =>
							`parts ${ [
								...new Set(
									result.lines
										.filter(
											( l ) =>
												( l.measured ??
													result.date ) === d
										)
										.map( ( l ) => l.part )
								),
							].join( ', ' ) } on ${ when( d ) }`
					)
					.join( '; ' )
			: when( result.date );
	const out = [
		`Measured ${ measured }, on ${ result.machine.nproc } cores (${ result.machine.cpu }), load average ${ result.machine.load.join( ' / ' ) } at the end of the last run (the machine is shared); medians of ${ result.repetitions }.`,
		'',
		'| # | what | ours | baseline | baseline is | ratio | budget | |',
		'| --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for ( const l of result.lines ) {
		out.push(
			`| ${ l.part } | ${ l.name.trim() } | ${ cell( l.ours, l.unit ) } | ${ cell( l.baseline, l.unit ) } | ${ l.baseline_name } | ${ l.ratio === null ? '' : `${ l.ratio }×` } | ${ l.budget ?? '' } | ${ verdict( l ) } |`
		);
	}
	process.stdout.write( out.join( '\n' ) + '\n' );
}

if ( args.markdown ) {
	markdown();
	process.exit( 0 );
}

main().catch( ( error ) => {
	log( `error: ${ error.stack || error.message }` );
	fs.rmSync( PROBE_FILE, { force: true } );
	process.exitCode = 2;
} );
