import type { SessionDetail } from '../../api/sessions';
import { mailtoUrl, recoveryMessage } from './mailto';

const LINK =
	'https://shop.example.com/cart/?cocart-load-cart=t_0123456789abcdef&notify=true#top';

function detail(
	name: string | null,
	email: string,
	products: string[]
): SessionDetail {
	return {
		key: 't_0123456789abcdef',
		customer: { name, email },
		created: null,
		expires: '2026-11-27T10:00:00Z',
		source: 'cocart',
		status: 'active',
		item_count: products.length,
		total: '10.00',
		currency: 'EUR',
		is_key_owner: false,
		detail_error: null,
		items: products.map( ( product, i ) => ( {
			key: `k${ i }`,
			product_id: i,
			name: product,
			sku: '',
			quantity: i + 1,
			price: '5.00',
			line_total: '5.00',
			line_subtotal: null,
			image: null,
		} ) ),
		coupons: [],
		fees: [],
		totals: {
			subtotal: '10.00',
			discount_total: '0.00',
			shipping_total: '0.00',
			fee_total: '0.00',
			total_tax: '0.00',
			total: '10.00',
		},
		checks: [],
		cocart_version: '4.3.6',
		restore_link: LINK,
		restore_note: null,
	};
}

/**
 * Reads a mailto: URL back as a mail client does (RFC 6068): the address before "?", then name=value pairs
 * split on "&", each percent-decoded.
 * @param url
 */
function parse( url: string ) {
	expect( url.startsWith( 'mailto:' ) ).toBe( true );
	const rest = url.slice( 'mailto:'.length );
	const [ to, query, ...more ] = rest.split( '?' );
	expect( more ).toEqual( [] ); // Exactly one "?": none left raw in the address, subject or body.
	const fields: Record< string, string > = {};
	for ( const pair of query.split( '&' ) ) {
		const [ name, value, ...extra ] = pair.split( '=' );
		expect( extra ).toEqual( [] );
		fields[ name ] = decodeURIComponent( value );
	}
	return { to: decodeURIComponent( to ), fields };
}

describe( 'mailtoUrl', () => {
	const cases: Array< [ string, string | null, string, string[] ] > = [
		[
			'non-Latin names and products',
			'Zoë 山田',
			'kunde7@例子.广告',
			[ 'Chaussures à talons', 'Шапка' ],
		],
		[
			'ampersands, question marks and hashes',
			'Smith & Sons?',
			'a&b#c@example.com',
			[ 'Salt & Pepper #2?', 'Q&A = 100%' ],
		],
		[ 'no name', null, 'plain@example.com', [ 'Beanie' ] ],
	];

	it.each( cases )(
		'is well formed with %s',
		( _label, name, email, products ) => {
			const message = recoveryMessage(
				detail( name, email, products ),
				LINK
			);
			const url = mailtoUrl( email, message );

			expect( url ).not.toMatch( /[\s#<>"]/ ); // Nothing a mail client or a browser would cut the URL at.
			expect( url ).toMatch( /^[\x21-\x7e]+$/ ); // Printable ASCII only: everything else percent-encoded.
			const { to, fields } = parse( url );
			expect( to ).toBe( email );
			expect( Object.keys( fields ) ).toEqual( [ 'subject', 'body' ] );
			expect( fields.subject ).toBe( message.subject );
			expect( fields.body ).toBe( message.body );
			// The restore link comes out of the mail client intact, on a line of its own.
			expect( fields.body.split( '\r\n' ) ).toContain( LINK );
			for ( const product of products ) {
				expect( fields.body ).toContain( product );
			}
			if ( name ) {
				expect( fields.body ).toContain( name );
			}
		}
	);

	it( 'lists each line with its quantity and the cart total', () => {
		const { body } = recoveryMessage(
			detail( 'Jane', 'jane@example.com', [ 'Beanie', 'Belt' ] ),
			LINK
		);
		expect( body ).toMatch( /1 × Beanie: €5\.00/ );
		expect( body ).toMatch( /2 × Belt: €5\.00/ );
		expect( body ).toMatch( /Total: €10\.00/ );
		expect( body.startsWith( 'Hello Jane,' ) ).toBe( true );
	} );
} );
