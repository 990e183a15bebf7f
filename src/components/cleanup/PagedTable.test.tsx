import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ApiError } from '../../api/client';
import type { Paged } from '../../api/cleanup';
import { PagedTable } from './PagedTable';

type Row = { id: number; name: string };

function pageOf( page: number, totalPages: number, names: string[] ) {
	return {
		items: names.map( ( name, i ) => ( { id: page * 100 + i, name } ) ),
		total: totalPages * 2,
		total_pages: totalPages,
		page,
		per_page: 2,
	} as Paged< Row >;
}

function table(
	load: ( page: number, signal: AbortSignal ) => Promise< Paged< Row > >,
	version = 1
) {
	return (
		<PagedTable< Row >
			load={ load }
			version={ version }
			caption="Things"
			testId="things"
			columns={ [ 'Name' ] }
			empty="Nothing yet."
			row={ ( row ) => (
				<tr key={ row.id }>
					<td>{ row.name }</td>
				</tr>
			) }
		/>
	);
}

describe( 'PagedTable', () => {
	it( 'shows a page, and the next one on Next', async () => {
		const load = jest.fn( ( page: number ) =>
			Promise.resolve(
				page === 1
					? pageOf( 1, 2, [ 'alpha', 'beta' ] )
					: pageOf( 2, 2, [ 'gamma' ] )
			)
		);
		render( table( load ) );
		expect( await screen.findByText( 'alpha' ) ).toBeVisible();
		expect( screen.getByText( 'Page 1 of 2' ) ).toBeVisible();
		fireEvent.click( screen.getByRole( 'button', { name: 'Next' } ) );
		expect( await screen.findByText( 'gamma' ) ).toBeVisible();
		expect( screen.queryByText( 'alpha' ) ).toBeNull();
		expect( load ).toHaveBeenLastCalledWith( 2, expect.any( AbortSignal ) );
		expect( screen.getByRole( 'button', { name: 'Next' } ) ).toBeDisabled();
	} );

	it( 'says so when there is nothing, without a table', async () => {
		render(
			table( () =>
				Promise.resolve( { ...pageOf( 1, 0, [] ), total: 0 } )
			)
		);
		expect( await screen.findByText( 'Nothing yet.' ) ).toBeVisible();
		expect( screen.queryByTestId( 'things' ) ).toBeNull();
	} );

	it( 'shows a failure, and the table again once a reload works', async () => {
		const failure = { message: 'The audit could not be read.' } as ApiError;
		const load = jest
			.fn()
			.mockRejectedValueOnce( failure )
			.mockResolvedValue( pageOf( 1, 1, [ 'delta' ] ) );
		const { container, rerender } = render( table( load ) );
		// Within the table's place: WordPress also speaks the notice into a live region of its own.
		expect(
			await within( container ).findByText(
				'The audit could not be read.'
			)
		).toBeVisible();
		rerender( table( load, 2 ) ); // A run ended: version changes.
		expect( await screen.findByText( 'delta' ) ).toBeVisible();
		// The notice is gone.
		expect( container.querySelector( '.components-notice' ) ).toBeNull();
	} );
} );
