import { Button, Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import type { Paged } from '../../api/cleanup';
import { useRoute } from '../../hooks/useRoute';
import { Spinner } from '../Loading';

/**
 * One of the cleanup's paged lists (run history, audit) as a WordPress list table with Previous / Next. Loads the
 * page shown, and again when `version` changes (a run ended).
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
	/** Fetches one page. */
	load: ( page: number, signal: AbortSignal ) => Promise< Paged< Item > >;
	version: number;
	/** For screen readers. */
	caption: string;
	testId: string;
	/** Header labels. */
	columns: string[];
	/** What to say when there is nothing. */
	empty: string;
	/** One item as a <tr>. */
	row: ( item: Item ) => ReactNode;
} ) {
	const [ page, setPage ] = useState( 1 );
	const { data: loaded, error } = useRoute(
		`${ testId }/${ page }/${ version }`,
		( { signal } ) => load( page, signal )
	);

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

/** Previous / Next for a paged list. */
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
