import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';

/** The plugin's REST namespace (includes/Rest/Permission.php: Permission::NAMESPACE). */
export const NAMESPACE = '/cart-sessions/v1';

/** What our routes put in a WP_Error's data, besides the status. */
export interface ApiErrorData {
	status?: number;
	/** What the store manager can do about it. */
	fix?: string;
	[ key: string ]: unknown;
}

/** A failed request, as apiFetch rejects it (WordPress's REST error envelope). */
export class ApiError extends Error {
	readonly code: string;
	readonly data: ApiErrorData;

	constructor( code: string, message: string, data: ApiErrorData = {} ) {
		super( message );
		this.name = 'ApiError';
		this.code = code;
		this.data = data;
	}

	get fix(): string | undefined {
		return typeof this.data.fix === 'string' ? this.data.fix : undefined;
	}
}

function toApiError( error: unknown ): ApiError {
	if ( error instanceof ApiError ) {
		return error;
	}
	if ( error && typeof error === 'object' ) {
		const { code, message, data } = error as {
			code?: unknown;
			message?: unknown;
			data?: unknown;
		};
		if ( typeof code === 'string' ) {
			return new ApiError(
				code,
				typeof message === 'string' ? message : code,
				data && typeof data === 'object' ? ( data as ApiErrorData ) : {}
			);
		}
	}
	// apiFetch rejects with a plain object for network failures and non-JSON answers too.
	return new ApiError(
		'fetch_error',
		__(
			'Could not reach this site. Check your connection and reload the page.',
			'cart-sessions-for-cocart'
		)
	);
}

/**
 * A typed apiFetch call to one of our routes; rejects with ApiError.
 */
export async function request< T >( options: {
	path: string;
	method?: 'GET' | 'POST' | 'DELETE';
	data?: unknown;
	signal?: AbortSignal;
} ): Promise< T > {
	try {
		return await apiFetch< T >( {
			path: `${ NAMESPACE }${ options.path }`,
			method: options.method ?? 'GET',
			data: options.data as Record< string, unknown > | undefined,
			signal: options.signal,
		} );
	} catch ( error ) {
		throw toApiError( error );
	}
}

/**
 * A query string from defined, non-empty values.
 */
export function queryString(
	params: Record< string, string | number | boolean | undefined >
): string {
	const query = new URLSearchParams();
	for ( const [ key, value ] of Object.entries( params ) ) {
		if ( value !== undefined && value !== '' ) {
			query.set( key, String( value ) );
		}
	}
	const text = query.toString();
	return text ? `?${ text }` : '';
}
