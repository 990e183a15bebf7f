import { Button, Notice } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import type { ApiError } from '../../api/client';
import type { Paged } from '../../api/cleanup';
import { Spinner } from '../Loading';

/**
 * One of the cleanup's paged lists (run history, audit) as a WordPress list table with Previous / Next. Loads the
 * page shown, and again when `version` changes (a run ended).
 * @param root0
 * @param root0.load    Fetches one page (a function that stays the same between renders).
 * @param root0.version
 * @param root0.caption For screen readers.
 * @param root0.testId
 * @param root0.columns Header labels.
 * @param root0.empty   What to say when there is nothing.
 * @param root0.row     One item as a <tr>.
 */
export function PagedTable< Item >( {
	load,
	version,
	caption,
	testId,
	columns,
	empty,
	row,
}: {
	load: ( page: number ) => Promise< Paged< Item > >;
	version: number;
	caption: string;
	testId: string;
	columns: string[];
	empty: string;
	row: ( item: Item ) => ReactNode;
} ) {
	const [ page, setPage ] = useState( 1 );
	const [ loaded, setLoaded ] = useState< Paged< Item > | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );

	useEffect( () => {
		load( page )
			.then( ( answer ) => {
				setLoaded( answer );
				setError( null );
			} )
			.catch( ( caught ) => setError( caught as ApiError ) );
	}, [ load, page, version ] );

	if ( error ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ error.message }
			</Notice>
		);
	}
	if ( ! loaded ) {
		return <Spinner />;
	}
	if ( loaded.total === 0 ) {
		return <p>{ empty }</p>;
	}
	return (
		<>
			<table
				className="widefat striped cart-sessions-cleanup__table"
				data-testid={ testId }
			>
				<caption className="screen-reader-text">{ caption }</caption>
				<thead>
					<tr>
						{ columns.map( ( label ) => (
							<th scope="col" key={ label }>
								{ label }
							</th>
						) ) }
					</tr>
				</thead>
				<tbody>{ loaded.items.map( row ) }</tbody>
			</table>
			<Pager
				page={ page }
				pages={ loaded.total_pages }
				onPage={ setPage }
			/>
		</>
	);
}

/**
 * Previous / Next for a paged list.
 * @param root0
 * @param root0.page
 * @param root0.pages
 * @param root0.onPage
 */
function Pager( {
	page,
	pages,
	onPage,
}: {
	page: number;
	pages: number;
	onPage: ( page: number ) => void;
} ) {
	if ( pages <= 1 ) {
		return null;
	}
	return (
		<nav className="cart-sessions-cleanup__pages">
			<Button
				variant="secondary"
				disabled={ page <= 1 }
				onClick={ () => onPage( page - 1 ) }
			>
				{ __( 'Previous', 'cart-sessions-for-cocart' ) }
			</Button>
			<span>
				{ sprintf(
					/* translators: 1: page, 2: pages */
					__( 'Page %1$d of %2$d', 'cart-sessions-for-cocart' ),
					page,
					pages
				) }
			</span>
			<Button
				variant="secondary"
				disabled={ page >= pages }
				onClick={ () => onPage( page + 1 ) }
			>
				{ __( 'Next', 'cart-sessions-for-cocart' ) }
			</Button>
		</nav>
	);
}
