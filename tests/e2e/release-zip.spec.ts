/**
 * The release zip, as a store manager gets it: bin/release-zip's archive holds only what runs in production, and
 * on a fresh WordPress (this project's WordPress version, no store double, nothing linked to this checkout) it
 * installs, activates and renders its page, and its own languages/ folder translates PHP, the app and the lazily
 * loaded Sessions chunk.
 */
import { createHash } from 'crypto';
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { test, expect } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { siteOf } from './sites';

const ROOT = path.join( __dirname, '../..' );
const STATE = process.env.LOCAL_WP_DIR || path.join( ROOT, '.local-wp' );
const SLUG = 'cart-sessions-for-cocart';
const ZIP = path.join( ROOT, 'artifacts', `${ SLUG }.zip` );

/** What may sit in the zip's top folder. */
const ALLOWED_TOP = [
	'plugin.php',
	'uninstall.php',
	'readme.txt',
	'license.txt',
	'includes/',
	'build/',
	'languages/',
];

test.describe.configure( { mode: 'serial' } );

let entries: string[] = [];

test.beforeAll( () => {
	execFileSync(
		path.join( ROOT, 'bin/release-zip' ),
		[ '--no-build', '--out', ZIP ],
		{
			cwd: ROOT,
			stdio: 'pipe',
		}
	);
	entries = execFileSync( 'unzip', [ '-Z1', ZIP ], { encoding: 'utf8' } )
		.split( '\n' )
		.filter( Boolean );
} );

test.afterAll( () => {
	execFileSync( path.join( ROOT, 'bin/local-wp' ), [ 'zip-site-stop' ], {
		cwd: ROOT,
		stdio: 'pipe',
	} );
} );

test( 'the zip holds only what runs in production, under one folder', () => {
	expect( entries.length ).toBeGreaterThan( 30 );
	for ( const entry of entries ) {
		expect( entry.startsWith( `${ SLUG }/` ) ).toBe( true );
	}
	const inside = entries.map( ( entry ) => entry.slice( SLUG.length + 1 ) );
	const forbidden = inside.filter(
		( entry ) =>
			/(^|\/)(tests?|node_modules|src|cocart-double|\.local-wp|artifacts|bin)(\/|$)/.test(
				entry
			) ||
			/\.(map|tsx?|scss)$/.test( entry ) ||
			/(^|\/)\./.test( entry ) ||
			/^(package(-lock)?\.json|tsconfig\.json|webpack\.config\.js|phpunit\.xml\.dist|playwright\.config\.ts)$/.test(
				entry
			)
	);
	expect( forbidden ).toEqual( [] );
	const top = [
		...new Set(
			inside
				.filter( Boolean )
				.map( ( entry ) => entry.replace( /^([^/]+\/).*$/, '$1' ) )
		),
	];
	expect(
		top.filter( ( entry ) => ! ALLOWED_TOP.includes( entry ) )
	).toEqual( [] );
	for ( const needed of [
		'plugin.php',
		'readme.txt',
		'license.txt',
		'includes/Plugin.php',
		'build/index.js',
		'build/index.asset.php',
		'build/sessions.js',
		`languages/${ SLUG }.pot`,
	] ) {
		expect( inside ).toContain( needed );
	}
	// uninstall.php ships whenever the plugin has one.
	expect( inside.includes( 'uninstall.php' ) ).toBe(
		fs.existsSync( path.join( ROOT, 'uninstall.php' ) )
	);
} );

async function logIn( browser: Browser, baseURL: string ): Promise< Page > {
	const context = await browser.newContext( {
		baseURL,
		storageState: { cookies: [], origins: [] },
	} );
	const page = await context.newPage();
	await page.goto( '/wp-login.php' );
	await page.getByLabel( 'Username or Email Address' ).fill( 'admin' );
	await page.getByLabel( 'Password', { exact: true } ).fill( 'password' );
	await page.getByRole( 'button', { name: 'Log In' } ).click();
	await expect( page ).toHaveURL( /wp-admin/ );
	return page;
}

test( 'installs on a fresh WordPress, activates, renders its page, and translates from its languages folder', async ( {
	browser,
}, testInfo ) => {
	const site = siteOf( testInfo.project.name );
	fs.rmSync( path.join( STATE, 'run/zip-debug.log' ), { force: true } );
	const url = execFileSync(
		path.join( ROOT, 'bin/local-wp' ),
		[ 'zip-site', site.build, ZIP ],
		{ cwd: ROOT, encoding: 'utf8', stdio: [ 'ignore', 'pipe', 'pipe' ] }
	).trim();
	expect( url ).toMatch( /^http:\/\/127\.0\.0\.1:\d+$/ );
	const installed = path.join( STATE, 'sites/zip/wp-content/plugins', SLUG );
	// Unzipped, not the link the development sites use.
	expect( fs.lstatSync( installed ).isSymbolicLink() ).toBe( false );

	const page = await logIn( browser, url );
	const errors: string[] = [];
	page.on( 'console', ( message ) => {
		// 409 is the sessions route saying "not connected yet", which the screen shows as a step to take.
		if (
			message.type() === 'error' &&
			! /status of 409/.test( message.text() )
		) {
			errors.push( message.text() );
		}
	} );
	page.on( 'pageerror', ( error ) => errors.push( error.message ) );

	await page.goto( '/wp-admin/tools.php?page=cart-sessions' );
	await expect(
		page.getByRole( 'heading', { level: 1, name: 'Cart Sessions' } )
	).toBeVisible();
	const app = page.getByTestId( 'cart-sessions-app' );
	await expect( app.getByRole( 'tab' ) ).toHaveText( [
		'Overview',
		'Sessions',
		'Cleanup',
		'Settings',
	] );
	await expect(
		page.locator( `script[src*="plugins/${ SLUG }/build/index.js"]` )
	).toHaveCount( 1 );
	// The REST routes work from the zip: the Settings tab loads its settings.
	await app.getByRole( 'tab', { name: 'Settings' } ).click();
	await expect( page.getByLabel( 'Consumer key' ) ).toBeVisible();
	// The Sessions chunk loads from the zip too (no connection yet: it says how to set one up).
	await app.getByRole( 'tab', { name: 'Sessions' } ).click();
	await expect(
		app.getByRole( 'button', { name: 'Set up the connection' } )
	).toBeVisible();
	expect( errors ).toEqual( [] );

	// Translations shipped in the zip's languages/ folder (a pretend German one, written into the installed copy):
	// PHP through load_plugin_textdomain (.l10n.php, WordPress ≥ 6.5), the app's entry through
	// wp_set_script_translations, the Sessions chunk through I18n::add_chunk_translations.
	const languages = path.join( installed, 'languages' );
	fs.writeFileSync(
		path.join( languages, `${ SLUG }-de_DE.l10n.php` ),
		`<?php return array( 'domain' => '${ SLUG }', 'language' => 'de_DE', 'messages' => array( 'Cart Sessions' => 'Warenkorb-Sitzungen' ) );\n`
	);
	const json = ( messages: Record< string, string > ) =>
		JSON.stringify( {
			domain: 'messages',
			locale_data: {
				messages: {
					'': { domain: 'messages', lang: 'de_DE' },
					...Object.fromEntries(
						Object.entries( messages ).map( ( [ k, v ] ) => [
							k,
							[ v ],
						] )
					),
				},
			},
		} );
	const md5 = ( file: string ) =>
		createHash( 'md5' ).update( file ).digest( 'hex' );
	fs.writeFileSync(
		path.join(
			languages,
			`${ SLUG }-de_DE-${ md5( 'build/index.js' ) }.json`
		),
		json( { Sessions: 'Sitzungen' } )
	);
	fs.writeFileSync(
		path.join(
			languages,
			`${ SLUG }-de_DE-${ md5( 'build/sessions.js' ) }.json`
		),
		json( { 'Set up the connection': 'Verbindung einrichten' } )
	);
	// The site speaks German (an mu-plugin of this throwaway site; core's German files are not needed for ours).
	const muPlugins = path.join( STATE, 'sites/zip/wp-content/mu-plugins' );
	fs.writeFileSync(
		path.join( muPlugins, 'zip-test-locale.php' ),
		"<?php add_filter( 'locale', static function () { return 'de_DE'; } );\n"
	);

	await page.goto( '/wp-admin/tools.php?page=cart-sessions&tab=sessions' );
	await expect(
		page.getByRole( 'heading', { level: 1, name: 'Warenkorb-Sitzungen' } )
	).toBeVisible();
	await expect( app.getByRole( 'tab', { name: 'Sitzungen' } ) ).toBeVisible();
	await expect(
		app.getByRole( 'button', { name: 'Verbindung einrichten' } )
	).toBeVisible();
	expect( errors ).toEqual( [] );
	await page.context().close();

	// No PHP notice, warning or error on the way (WordPress 6.7 also reports translations loaded too early here).
	const debugLog = path.join( STATE, 'run/zip-debug.log' );
	const logged = fs.existsSync( debugLog )
		? fs.readFileSync( debugLog, 'utf8' )
		: '';
	expect( logged ).not.toMatch(
		/PHP (Notice|Warning|Fatal|Deprecated)|doing_it_wrong/i
	);
} );
