import { isEmptyFilter } from './sessions';

describe( 'isEmptyFilter', () => {
	it( 'treats no condition and a blank search as "every cart"', () => {
		expect( isEmptyFilter( {} ) ).toBe( true );
		expect( isEmptyFilter( { search: '   ' } ) ).toBe( true );
		expect( isEmptyFilter( { status: [] } ) ).toBe( true );
	} );

	it( 'treats any condition as narrowing', () => {
		expect( isEmptyFilter( { search: 'alice' } ) ).toBe( false );
		expect( isEmptyFilter( { status: [ 'expired' ] } ) ).toBe( false );
		expect( isEmptyFilter( { has_email: 'yes' } ) ).toBe( false );
		expect( isEmptyFilter( { expires_within: '7' } ) ).toBe( false );
		expect( isEmptyFilter( { product: 12 } ) ).toBe( false );
		expect( isEmptyFilter( { source: 'cocart' } ) ).toBe( false );
		expect( isEmptyFilter( { has_items: 'no' } ) ).toBe( false );
	} );
} );
