import { act, render, screen } from '@testing-library/react';
import apiFetch from '@wordpress/api-fetch';
import type { SessionDetail as Detail } from '../../api/sessions';
import { SessionDetail } from './SessionDetail';

// apiFetch is the edge of this unit: the route itself is tested in PHP.
jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedFetch = apiFetch as unknown as jest.Mock;

function detail( overrides: Partial< Detail > ): Detail {
	return {
		key: 't_0123456789abcdef0123456789abcd',
		customer: { name: null, email: null },
		created: '2026-11-20T10:00:00Z',
		expires: '2026-11-27T10:00:00Z',
		source: 'cocart',
		status: 'active',
		item_count: 2,
		total: '71.82',
		currency: 'USD',
		is_key_owner: false,
		detail_error: null,
		items: [
			{
				key: 'c74d97b01eae257e44aa9d5bade97baf',
				product_id: 16,
				name: 'Lab coat',
				sku: 'lab-coat',
				quantity: 2,
				price: '39.90',
				line_total: '71.82',
				line_subtotal: '79.80',
				image: null,
			},
		],
		coupons: [ { code: 'lab10', discount: '7.98' } ],
		fees: [],
		totals: {
			subtotal: '79.80',
			discount_total: '7.98',
			shipping_total: '0.00',
			fee_total: '0.00',
			total_tax: '0.00',
			total: '71.82',
		},
		checks: [],
		...overrides,
	} as Detail;
}

async function show( answer: Detail ) {
	mockedFetch.mockResolvedValue( answer );
	await act( async () => {
		render( <SessionDetail cartKey={ answer.key } /> );
	} );
}

beforeEach( () => mockedFetch.mockReset() );

describe( 'SessionDetail', () => {
	it( 'explains a discounted line: its total before coupon discounts beside the total', async () => {
		await show( detail( {} ) );
		expect(
			screen.getByText( /\$79\.80 before coupon discounts/ )
		).toBeTruthy();
		expect(
			screen.getByText( /lab10/ ).closest( 'li' )?.textContent
		).toContain( '−$7.98' );
	} );

	it( 'says the split is unknown for several coupons rather than showing −$0.00', async () => {
		await show(
			detail( {
				coupons: [
					{ code: 'lab10', discount: null },
					{ code: 'free5', discount: null },
				],
			} )
		);
		const coupon = screen.getByText( 'lab10' ).closest( 'li' );
		expect( coupon?.textContent ).toContain( 'does not say how' );
		expect( coupon?.textContent ).not.toContain( '0.00' );
	} );
} );
