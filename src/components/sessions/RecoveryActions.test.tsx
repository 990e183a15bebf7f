import { act, fireEvent, render, screen } from '@testing-library/react';
import apiFetch from '@wordpress/api-fetch';
import type { SessionDetail } from '../../api/sessions';
import { RecoveryActions } from './RecoveryActions';

// apiFetch is the edge of this unit: POST recovery itself is tested in PHP.
jest.mock( '@wordpress/api-fetch', () => jest.fn() );
const mockedFetch = apiFetch as unknown as jest.Mock;

const LINK = 'http://127.0.0.1:8889/cart/?cocart-load-cart=t_abc&notify=true';

function detail( overrides: Partial< SessionDetail > = {} ): SessionDetail {
	return {
		key: 't_abc',
		customer: { name: 'Zoë & Co', email: 'zoe@example.com' },
		created: null,
		expires: '2026-11-27T10:00:00Z',
		source: 'cocart',
		status: 'active',
		item_count: 1,
		total: '18.00',
		currency: 'GBP',
		is_key_owner: false,
		detail_error: null,
		items: [
			{
				key: 'k',
				product_id: 16,
				name: 'Beanie #1',
				sku: '',
				quantity: 1,
				price: '18.00',
				line_total: '18.00',
				line_subtotal: null,
				image: null,
			},
		],
		coupons: [],
		fees: [],
		totals: {
			subtotal: '18.00',
			discount_total: '0.00',
			shipping_total: '0.00',
			fee_total: '0.00',
			total_tax: '0.00',
			total: '18.00',
		},
		checks: [],
		cocart_version: '4.3.6',
		restore_link: LINK,
		restore_note: null,
		...overrides,
	};
}

beforeEach( () => {
	mockedFetch.mockReset();
	mockedFetch.mockResolvedValue( { key: 't_abc' } );
} );

describe( 'RecoveryActions', () => {
	it( 'shows the link, and Email the customer opens a mailto: with it, recorded as emailed', async () => {
		render( <RecoveryActions detail={ detail() } /> );
		expect( screen.getByTestId( 'restore-link' ) ).toHaveValue( LINK );
		const email = screen.getByRole( 'link', {
			name: 'Email the customer',
		} );
		const href = email.getAttribute( 'href' ) ?? '';
		expect( href.startsWith( 'mailto:zoe@example.com?subject=' ) ).toBe(
			true
		);
		expect( decodeURIComponent( href ) ).toContain( LINK );
		await act( async () => {
			email.addEventListener( 'click', ( event ) =>
				event.preventDefault()
			);
			fireEvent.click( email );
		} );
		expect( mockedFetch ).toHaveBeenCalledWith(
			expect.objectContaining( {
				path: '/cart-sessions/v1/recovery',
				method: 'POST',
				data: { key: 't_abc', action: 'emailed' },
			} )
		);
	} );

	it( 'copies the link and records it as copied', async () => {
		const writeText = jest.fn().mockResolvedValue( undefined );
		Object.assign( window.navigator, { clipboard: { writeText } } );
		render( <RecoveryActions detail={ detail() } /> );
		await act( async () => {
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Copy restore link' } )
			);
		} );
		expect( writeText ).toHaveBeenCalledWith( LINK );
		expect( mockedFetch ).toHaveBeenCalledWith(
			expect.objectContaining( {
				data: { key: 't_abc', action: 'copied' },
			} )
		);
	} );

	it( 'records nothing when the clipboard refuses', async () => {
		const writeText = jest.fn().mockRejectedValue( new Error( 'denied' ) );
		Object.assign( window.navigator, { clipboard: { writeText } } );
		render( <RecoveryActions detail={ detail() } /> );
		await act( async () => {
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Copy restore link' } )
			);
		} );
		expect( mockedFetch ).not.toHaveBeenCalled();
	} );

	it( 'marks an expired cart’s link as still working until the cart is deleted', () => {
		render(
			<RecoveryActions detail={ detail( { status: 'expired' } ) } />
		);
		// The notice (its text is also spoken through WordPress's live region).
		expect(
			screen.getAllByText( /This cart has expired, but/ ).length
		).toBeGreaterThan( 0 );
		expect( screen.getByTestId( 'restore-link' ) ).toHaveValue( LINK );
	} );

	it( 'explains a registered customer’s cart instead of a link', () => {
		const note =
			'This cart belongs to a customer account … can log in to see their cart.';
		render(
			<RecoveryActions
				detail={ detail( {
					key: '42',
					restore_link: null,
					restore_note: note,
				} ) }
			/>
		);
		expect( screen.getByTestId( 'restore-note' ) ).toHaveTextContent(
			note
		);
		expect( screen.queryByTestId( 'restore-link' ) ).toBeNull();
		expect(
			screen.queryByRole( 'button', { name: 'Copy restore link' } )
		).toBeNull();
		expect(
			screen.queryByRole( 'link', { name: 'Email the customer' } )
		).toBeNull();
	} );

	it( 'without an email, says to send the link another way', () => {
		render(
			<RecoveryActions
				detail={ detail( { customer: { name: null, email: null } } ) }
			/>
		);
		expect(
			screen.queryByRole( 'link', { name: 'Email the customer' } )
		).toBeNull();
		expect( screen.getByText( /send it another way/ ) ).toBeInTheDocument();
	} );
} );
