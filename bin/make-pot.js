#!/usr/bin/env node
/**
 * Writes languages/cart-sessions-for-cocart.pot: every translatable string of the plugin, for translators.
 * There is no wp-cli here, so two maintained npm tools do what `wp i18n make-pot` would:
 * - PHP (plugin.php, uninstall.php, includes/): wp-pot;
 * - the app (src/, TypeScript and JSX; tests left out): Babel with WordPress's own @wordpress/babel-plugin-makepot.
 * Plus the plugin header's name, URI, description and author, as translate.wordpress.org extracts them.
 *
 *   node bin/make-pot.js           write the file
 *   node bin/make-pot.js --check   exit 1 (and say so) when the file is not what the sources give (bin/test lint)
 *
 * The output has no creation date, so the same sources always give the same file.
 */
const fs = require( 'fs' );
const os = require( 'os' );
const path = require( 'path' );
const babel = require( '@babel/core' );
const { WP_Pot: WpPot } = require( 'wp-pot' );
const { po } = require( 'gettext-parser' );

const ROOT = path.join( __dirname, '..' );
const DOMAIN = 'cart-sessions-for-cocart';
const OUTPUT = path.join( ROOT, 'languages', `${ DOMAIN }.pot` );

function walk( dir, keep ) {
	return fs
		.readdirSync( path.join( ROOT, dir ), { withFileTypes: true } )
		.flatMap( ( entry ) => {
			const relative = `${ dir }/${ entry.name }`;
			if ( entry.isDirectory() ) {
				return walk( relative, keep );
			}
			return keep( relative ) ? [ relative ] : [];
		} )
		.sort();
}

function phpCatalog() {
	const sources = [
		'plugin.php',
		...( fs.existsSync( path.join( ROOT, 'uninstall.php' ) )
			? [ 'uninstall.php' ]
			: [] ),
		...walk( 'includes', ( file ) => file.endsWith( '.php' ) ),
	];
	const text = new WpPot( {
		pathsRelativeTo: ROOT,
		php: { textdomain: DOMAIN },
		pot: {
			package: 'Cart Sessions for CoCart',
			bugReport:
				'https://wordpress.org/support/plugin/cart-sessions-for-cocart',
			team: 'Cart Sessions for CoCart contributors',
		},
	} )
		.parse( sources.map( ( file ) => path.join( ROOT, file ) ) )
		.generatePot();
	return po.parse( text );
}

function jsCatalogs() {
	const sources = walk(
		'src',
		( file ) => /\.(tsx?|jsx?)$/.test( file ) && ! /\.test\./.test( file )
	).filter( ( file ) => file !== 'src/test-setup.ts' );
	const tmp = fs.mkdtempSync( path.join( os.tmpdir(), 'make-pot-' ) );
	const catalogs = [];
	try {
		sources.forEach( ( file, index ) => {
			const output = path.join( tmp, `${ index }.pot` );
			babel.transformFileSync( path.join( ROOT, file ), {
				cwd: ROOT,
				babelrc: false,
				configFile: false,
				code: false,
				presets: [
					require.resolve( '@wordpress/babel-preset-default' ),
				],
				plugins: [
					[
						require.resolve( '@wordpress/babel-plugin-makepot' ),
						{ output },
					],
				],
			} );
			if ( fs.existsSync( output ) ) {
				catalogs.push( po.parse( fs.readFileSync( output ) ) );
			}
		} );
	} finally {
		fs.rmSync( tmp, { recursive: true, force: true } );
	}
	return catalogs;
}

/** Plugin header fields translate.wordpress.org translates. */
function headerEntries() {
	const source = fs.readFileSync( path.join( ROOT, 'plugin.php' ), 'utf8' );
	return [ 'Plugin Name', 'Plugin URI', 'Description', 'Author' ].flatMap(
		( field ) => {
			const match = source.match(
				new RegExp( `^\\s*\\*\\s*${ field }:\\s*(.+)$`, 'm' )
			);
			return match
				? [
						{
							msgid: match[ 1 ].trim(),
							msgstr: [ '' ],
							comments: {
								extracted: `${ field } of the plugin`,
								reference: 'plugin.php',
							},
						},
					]
				: [];
		}
	);
}

/**
 * Adds an entry to a catalog, merging file references (and translator comments) with an existing one.
 * @param {Object} catalog
 * @param {Object} entry
 */
function add( catalog, entry ) {
	const context = entry.msgctxt || '';
	catalog.translations[ context ] = catalog.translations[ context ] || {};
	const existing = catalog.translations[ context ][ entry.msgid ];
	if ( ! existing ) {
		catalog.translations[ context ][ entry.msgid ] = entry;
		return;
	}
	const lines = ( value ) => ( value ? value.split( '\n' ) : [] );
	const merge = ( key ) =>
		[
			...new Set( [
				...lines( existing.comments?.[ key ] ),
				...lines( entry.comments?.[ key ] ),
			] ),
		].join( '\n' );
	existing.comments = {
		...existing.comments,
		reference: merge( 'reference' ),
		extracted: merge( 'extracted' ),
	};
	if ( entry.msgid_plural && ! existing.msgid_plural ) {
		existing.msgid_plural = entry.msgid_plural;
		existing.msgstr = entry.msgstr;
	}
}

function build() {
	const catalog = phpCatalog();
	// wp-pot's copyright line carries the current year: a fixed one keeps the file the same from year to year.
	catalog.translations[ '' ][ '' ].comments = {
		translator:
			'Copyright (C) Cart Sessions for CoCart contributors\nThis file is distributed under the same license as the Cart Sessions for CoCart package (GPL-2.0-or-later).',
	};
	headerEntries().forEach( ( entry ) => add( catalog, entry ) );
	for ( const js of jsCatalogs() ) {
		for ( const [ context, entries ] of Object.entries(
			js.translations
		) ) {
			for ( const [ msgid, entry ] of Object.entries( entries ) ) {
				if ( msgid !== '' ) {
					add( catalog, { ...entry, msgctxt: context || undefined } );
				}
			}
		}
	}
	return po.compile( catalog, { foldLength: 0 } ).toString() + '\n';
}

const pot = build();
const count = pot.match( /^msgid "./gm )?.length ?? 0;
if ( process.argv.includes( '--check' ) ) {
	const current = fs.existsSync( OUTPUT )
		? fs.readFileSync( OUTPUT, 'utf8' )
		: '';
	if ( current !== pot ) {
		process.stderr.write(
			`languages/${ DOMAIN }.pot is out of date: run npm run make-pot and commit it.\n`
		);
		process.exit( 1 );
	}
	process.stdout.write(
		`make-pot: languages/${ DOMAIN }.pot is current (${ count } strings)\n`
	);
} else {
	fs.mkdirSync( path.dirname( OUTPUT ), { recursive: true } );
	fs.writeFileSync( OUTPUT, pot );
	process.stdout.write(
		`make-pot: wrote languages/${ DOMAIN }.pot (${ count } strings)\n`
	);
}
