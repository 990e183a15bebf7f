import { act, renderHook } from '@testing-library/react';
import { ApiError } from '../api/client';
import { useAction } from './useAction';

describe( 'useAction', () => {
	it( 'is busy while the request runs, keeps why it failed, and forgets that when it runs again', async () => {
		const failure = new ApiError( 'x', 'Nothing was saved.' );
		let finish: ( ok: boolean ) => void = () => undefined;
		const sent: string[] = [];
		const act$ = jest.fn( ( value: string ) => {
			sent.push( value );
			return new Promise< void >( ( resolve, reject ) => {
				finish = ( ok ) => ( ok ? resolve() : reject( failure ) );
			} );
		} );
		const { result } = renderHook( () => useAction( act$ ) );
		expect( result.current.busy ).toBe( false );

		let running: Promise< void > = Promise.resolve();
		act( () => {
			running = result.current.run( 'first' );
		} );
		expect( sent ).toEqual( [ 'first' ] );
		expect( result.current.busy ).toBe( true );
		await act( async () => {
			finish( false );
			await running;
		} );
		expect( result.current ).toMatchObject( {
			busy: false,
			error: failure,
		} );

		act( () => {
			running = result.current.run( 'second' );
		} );
		expect( result.current.error ).toBeNull();
		await act( async () => {
			finish( true );
			await running;
		} );
		expect( result.current ).toMatchObject( { busy: false, error: null } );
	} );
} );
