/**
 * The ESLint checks in eslint.config.cjs that keep the app's text translatable fire on each kind of mistake and
 * stay quiet on translated text, identifiers and symbols. (That src/ itself passes them is the lint stage's job.)
 * Run by bin/test (stage i18n) with node's test runner: ESLint loads its config with import(), which jest lacks.
 */
const { test } = require( 'node:test' );
const assert = require( 'node:assert' );
const path = require( 'path' );
const { ESLint } = require( 'eslint' );

const ROOT = path.join( __dirname, '../..' );
const RULES = [
	'react/jsx-no-literals',
	'no-restricted-syntax',
	'@wordpress/i18n-text-domain',
];
const eslint = new ESLint( { cwd: ROOT } );

async function problems( code ) {
	const [ result ] = await eslint.lintText(
		`import { __ } from '@wordpress/i18n';\nimport { Button, TextControl } from '@wordpress/components';\n${ code }`,
		{ filePath: path.join( ROOT, 'src/components/LintExample.tsx' ) }
	);
	const fatal = result.messages.filter( ( message ) => message.fatal );
	assert.deepStrictEqual( fatal, [], 'the example parses' );
	return result.messages
		.filter( ( message ) => RULES.includes( message.ruleId ) )
		.map( ( message ) => `${ message.ruleId }: ${ message.message }` );
}

const mistakes = {
	'JSX text': `export const A = () => <p>Nothing here yet.</p>;`,
	'a label prop': `export const A = () => <TextControl label="Store URL" value="" onChange={ () => {} } />;`,
	'a help prop behind a condition': `export const A = ( { e } ) => <TextControl label={ __( 'Store URL', 'cart-sessions-for-cocart' ) } help={ e ?? 'Leave empty for this site.' } value="" onChange={ () => {} } />;`,
	'a field label': `export const fields = [ { id: 'key', label: 'Cart key' } ];`,
	'another text domain': `export const t = () => __( 'Cart key', 'woocommerce' );`,
	'no text domain': `export const t = () => __( 'Cart key' );`,
};

for ( const [ name, code ] of Object.entries( mistakes ) ) {
	test( `flags ${ name }`, async () => {
		const found = await problems( code );
		assert.strictEqual( found.length, 1, found.join( '\n' ) );
	} );
}

test( 'accepts translated text, identifiers and symbols', async () => {
	const code = `export const A = ( { e } ) => (
	<div className="cart-sessions-x" data-testid="x">
		<p>{ __( 'Nothing here yet.', 'cart-sessions-for-cocart' ) }</p>
		<span>—</span>
		<TextControl
			label={ __( 'Store URL', 'cart-sessions-for-cocart' ) }
			help={ e ?? __( 'Leave empty for this site.', 'cart-sessions-for-cocart' ) }
			placeholder="ck_…"
			type="url"
			value=""
			onChange={ () => {} }
		/>
		<Button variant="primary">{ __( 'Save', 'cart-sessions-for-cocart' ) }</Button>
	</div>
);
export const fields = [ { id: 'key', label: __( 'Cart key', 'cart-sessions-for-cocart' ), type: 'integer' } ];
`;
	assert.deepStrictEqual( await problems( code ), [] );
} );
