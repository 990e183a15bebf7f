<?php
/**
 * Sends prepared requests with at most N in flight: a sliding window (a new request starts as soon as one ends)
 * over curl_multi, waiting in curl_multi_select(). Requests' own request_multiple() spins on curl_multi_exec()
 * without waiting, burning a CPU core for as long as the store takes to answer — on a small server that is CPU
 * taken from the store itself. Without curl: Requests, a chunk at a time. HttpTransport::send_many() has already
 * applied WordPress's outbound rules to every request it hands over.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

final class CurlMulti {

	/**
	 * Microseconds between starting two requests (see transfer()).
	 */
	public const STAGGER_US = 5000;

	/**
	 * Nothing new starts after $deadline (when given); those requests get no entry.
	 *
	 * @param array<int|string,array<string,mixed>> $batch id => {url, headers, type, options} (Requests' shape).
	 * @return array<int|string,array{0:\WpOrg\Requests\Response|\Exception,1:int}> id => [answer, ms].
	 */
	public static function transfer( array $batch, int $concurrency, ?float $deadline = null ): array {
		$out    = array();
		$closed = static function () use ( $deadline ): bool {
			return null !== $deadline && microtime( true ) >= $deadline;
		};
		if ( ! function_exists( 'curl_multi_init' ) ) {
			foreach ( array_chunk( $batch, $concurrency, true ) as $chunk ) {
				if ( $closed() ) {
					break;
				}
				$started = microtime( true );
				try {
					$responses = \WpOrg\Requests\Requests::request_multiple( $chunk );
				} catch ( \Exception $e ) {
					$responses = array_fill_keys( array_keys( $chunk ), $e );
				}
				$ms = (int) round( ( microtime( true ) - $started ) * 1000 );
				foreach ( array_keys( $chunk ) as $id ) {
					$out[ $id ] = array( $responses[ $id ] ?? new \Exception( 'No response.' ), $ms );
				}
			}
			return $out;
		}
		// phpcs:disable WordPress.WP.AlternativeFunctions -- curl_multi: WordPress has no bounded-parallel HTTP API.
		$multi   = curl_multi_init();
		$waiting = array_keys( $batch );
		$flying  = array(); // (int) handle id => [request id, handle, header lines].
		$heads   = array();
		do {
			while ( count( $flying ) < $concurrency && array() !== $waiting && ! $closed() ) {
				if ( array() !== $flying ) {
					// Starts a few milliseconds apart: a server whose workers each take connections as they come
					// (php -S, some single-threaded setups) otherwise lets one worker take both and serve them
					// one after the other. Measured with php -S: conc 2 went from 1.4× to 1.8× sequential speed.
					curl_multi_exec( $multi, $running );
					usleep( self::STAGGER_US );
				}
				$id      = array_shift( $waiting );
				$request = $batch[ $id ];
				$handle  = curl_init( (string) $request['url'] );
				$slot    = self::slot( $handle );
				$lines   = array( 'Connection: close', 'Expect:' );
				foreach ( (array) $request['headers'] as $name => $value ) {
					$lines[] = $name . ': ' . $value;
				}
				$verify         = $request['options']['verify'];
				$heads[ $slot ] = array();
				curl_setopt_array(
					$handle,
					array(
						CURLOPT_CUSTOMREQUEST  => (string) $request['type'],
						CURLOPT_RETURNTRANSFER => true,
						CURLOPT_HTTPHEADER     => $lines,
						CURLOPT_TIMEOUT        => (int) $request['options']['timeout'],
						CURLOPT_CONNECTTIMEOUT => (int) $request['options']['connect_timeout'],
						CURLOPT_FOLLOWLOCATION => false,
						CURLOPT_PROTOCOLS      => CURLPROTO_HTTP | CURLPROTO_HTTPS,
						CURLOPT_USERAGENT      => (string) $request['options']['useragent'],
						CURLOPT_ENCODING       => '',
						CURLOPT_SSL_VERIFYPEER => false !== $verify,
						CURLOPT_SSL_VERIFYHOST => $request['options']['verifyname'] ? 2 : 0,
						CURLOPT_HEADERFUNCTION => static function ( $h, string $line ) use ( &$heads, $slot ): int {
							if ( 0 === strpos( $line, 'HTTP/' ) ) {
								$heads[ $slot ] = array(); // A new block (100 Continue, or a proxy's): keep the last.
							} elseif ( '' !== trim( $line ) ) {
								$heads[ $slot ][] = trim( $line );
							}
							return strlen( $line );
						},
					)
				);
				if ( is_string( $verify ) ) {
					curl_setopt( $handle, CURLOPT_CAINFO, $verify );
				}
				$proxy = $request['options']['proxy'] ?? null;
				if ( is_array( $proxy ) ) {
					// As WordPress's own cURL transport does with WP_PROXY_HOST / WP_PROXY_PORT / WP_PROXY_USERNAME.
					curl_setopt( $handle, CURLOPT_PROXYTYPE, CURLPROXY_HTTP );
					curl_setopt( $handle, CURLOPT_PROXY, $proxy['host'] );
					curl_setopt( $handle, CURLOPT_PROXYPORT, $proxy['port'] );
					if ( '' !== $proxy['auth'] ) {
						curl_setopt( $handle, CURLOPT_PROXYAUTH, CURLAUTH_ANY );
						curl_setopt( $handle, CURLOPT_PROXYUSERPWD, $proxy['auth'] );
					}
				}
				// Plugins that tune or pin WordPress's cURL handles (http_api_curl) see ours too.
				$curl_args = array( &$handle, $request['args'] ?? array(), (string) $request['url'] );
				// phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's hook.
				do_action_ref_array( 'http_api_curl', $curl_args );
				curl_multi_add_handle( $multi, $handle );
				$flying[ $slot ] = array( $id, $handle );
			}
			do {
				$status = curl_multi_exec( $multi, $running );
			} while ( CURLM_CALL_MULTI_PERFORM === $status );
			while ( false !== ( $done = curl_multi_info_read( $multi ) ) ) {
				$slot                 = self::slot( $done['handle'] );
				list( $id, $handle )  = $flying[ $slot ];
				$ms                   = (int) round( 1000 * (float) curl_getinfo( $handle, CURLINFO_TOTAL_TIME ) );
				if ( CURLE_OK !== $done['result'] ) {
					// WordPress's own wording of a cURL error ("cURL error 7: …"), which Errors::transport() reads;
					// it reaches the debug log only, never the screen.
					$error      = 'cURL error ' . (int) $done['result'] . ': ' . curl_error( $handle );
					$out[ $id ] = array( new \Exception( $error ), $ms );
				} else {
					$response              = new \WpOrg\Requests\Response();
					$response->url         = (string) $batch[ $id ]['url'];
					$response->status_code = (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE );
					$response->success     = $response->status_code >= 200 && $response->status_code < 300;
					$response->body        = (string) curl_multi_getcontent( $handle );
					foreach ( $heads[ $slot ] as $line ) {
						$parts = explode( ':', $line, 2 );
						if ( 2 === count( $parts ) ) {
							$response->headers[ trim( $parts[0] ) ] = trim( $parts[1] );
						}
					}
					$out[ $id ] = array( $response, $ms );
				}
				curl_multi_remove_handle( $multi, $handle );
				curl_close( $handle );
				unset( $flying[ $slot ], $heads[ $slot ] );
			}
			if ( array() !== $flying && $running > 0 && -1 === curl_multi_select( $multi, 1.0 ) ) {
				usleep( 1000 ); // select() failed (some platforms): a short sleep instead of a spin.
			}
		} while ( array() !== $flying || ( array() !== $waiting && ! $closed() ) );
		curl_multi_close( $multi );
		// phpcs:enable WordPress.WP.AlternativeFunctions
		return $out;
	}

	/**
	 * An id for a curl handle: a CurlHandle object on PHP 8, a resource on PHP 7.4.
	 *
	 * @param mixed $handle
	 */
	private static function slot( $handle ): int {
		return is_object( $handle ) ? spl_object_id( $handle ) : (int) $handle;
	}
}
