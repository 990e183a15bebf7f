<?php
/**
 * Reads several options and transients into WordPress's option cache with one query (wp_prime_option_caches()),
 * so the get_option() and get_transient() calls that follow answer from memory. Without it each option is a
 * query and each transient two (its timeout, then its value): a warm page of the Sessions list read a dozen of
 * them, one by one, in about as much time as WordPress takes to answer a trivial REST request.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Storage;

final class OptionCache {

	/**
	 * @param string[] $options    Option names.
	 * @param string[] $transients Transient names (as given to get_transient()).
	 */
	public static function prime( array $options, array $transients = array() ): void {
		// With a persistent object cache transients are not options: there is nothing to read for them here.
		if ( ! wp_using_ext_object_cache() ) {
			foreach ( $transients as $transient ) {
				$options[] = '_transient_timeout_' . $transient;
				$options[] = '_transient_' . $transient;
			}
		}
		wp_prime_option_caches( $options );
	}

	/**
	 * get_transient() in one query instead of two.
	 *
	 * @return mixed The transient's value, or false.
	 */
	public static function transient( string $transient ) {
		self::prime( array(), array( $transient ) );
		return get_transient( $transient );
	}

	/**
	 * Drops what this request's option cache holds of these transients (their values, or that they did not
	 * exist), so the next read asks the database: another request has written them since this one read them.
	 * With a persistent object cache transients live there, shared: nothing to drop.
	 *
	 * @param string[] $transients Transient names (as given to get_transient()).
	 */
	public static function forget( array $transients ): void {
		if ( wp_using_ext_object_cache() ) {
			return;
		}
		$missing = wp_cache_get( 'notoptions', 'options' );
		$missing = is_array( $missing ) ? $missing : array();
		foreach ( $transients as $transient ) {
			foreach ( array( '_transient_timeout_' . $transient, '_transient_' . $transient ) as $option ) {
				wp_cache_delete( $option, 'options' );
				unset( $missing[ $option ] );
			}
		}
		wp_cache_set( 'notoptions', $missing, 'options' );
	}
}
