#!/usr/bin/env node
/**
 * Reads the reports bin/test left in artifacts/ and prints the stage timings and one closing line
 * "N passed, N failed" summing PHPUnit, jest and Playwright (a failed check stage such as lint counts as one
 * failure). Exits non-zero when anything failed.
 *
 * Usage: node bin/test-summary.js <artifacts dir> [failed stage...]
 */
/* eslint-disable no-console -- a command-line report */
const fs = require( 'fs' );
const path = require( 'path' );

const [ dir, ...failedStages ] = process.argv.slice( 2 );
const read = ( name ) => {
	const file = path.join( dir, name );
	return fs.existsSync( file ) ? fs.readFileSync( file, 'utf8' ) : null;
};
const counts = {}; // suite → { passed, failed }

const jest = read( 'jest.json' );
if ( jest ) {
	const report = JSON.parse( jest );
	counts.jest = {
		passed: report.numPassedTests,
		// A suite that fails to load has no failed test, but it failed.
		failed: report.numFailedTests + report.numRuntimeErrorTestSuites,
	};
}

const phpunit = read( 'phpunit.xml' );
if ( phpunit ) {
	// The first <testsuite> is the whole run.
	const attr = ( name ) =>
		Number(
			( phpunit.match(
				new RegExp( `<testsuite[^>]*\\s${ name }="(\\d+)"` )
			) || [] )[ 1 ] || 0
		);
	const failed = attr( 'failures' ) + attr( 'errors' );
	counts.phpunit = {
		passed: attr( 'tests' ) - failed - attr( 'skipped' ),
		failed,
	};
}

const e2e = read( 'e2e-results.json' );
if ( e2e ) {
	const { stats } = JSON.parse( e2e );
	counts.playwright = {
		passed: stats.expected + stats.flaky,
		failed: stats.unexpected,
	};
}

let passed = 0;
let failed = 0;
console.log( '\n=== summary' );
const stages = ( read( 'stages.tsv' ) || '' )
	.trim()
	.split( '\n' )
	.filter( Boolean );
for ( const line of stages ) {
	const [ name, rc, ms ] = line.split( '\t' );
	const suite = counts[ name ];
	let detail = rc === '0' ? 'ok' : 'FAILED';
	if ( suite ) {
		detail = `${ suite.passed } passed, ${ suite.failed } failed`;
	}
	console.log(
		`${ name.padEnd( 12 ) } ${ ( Number( ms ) / 1000 ).toFixed( 1 ).padStart( 7 ) } s  ${ detail }`
	);
}
for ( const suite of Object.values( counts ) ) {
	passed += suite.passed;
	failed += suite.failed;
}
// A stage that failed without a report of counts (lint, a suite that could not start) is one failure.
for ( const stage of failedStages ) {
	if ( ! counts[ stage ] || counts[ stage ].failed === 0 ) {
		failed += 1;
	}
}
console.log( `\n${ passed } passed, ${ failed } failed` );
process.exit( failed > 0 || failedStages.length > 0 ? 1 : 0 );
